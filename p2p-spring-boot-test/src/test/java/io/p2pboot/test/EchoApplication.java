package io.p2pboot.test;

import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.peer.Connection;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** An application under test: it answers every json message with what it got, but "quiet" ones. */
@SpringBootConfiguration
@EnableAutoConfiguration
class EchoApplication {

    static class Echo {
        @OnData
        void echo(Map<String, Object> message, Connection connection) throws IOException {
            if (!Boolean.TRUE.equals(message.get("quiet"))) {
                connection.send(Map.of("echo", message));
            }
        }
    }

    @Bean
    Echo echo() {
        return new Echo();
    }
}
