package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import java.time.Duration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the auto-configuration will provide, reduced for tests: the registrar and a peer on
 * loopback. The peer is not started here; tests start it once the context is refreshed, as the
 * peer's lifecycle will.
 */
@Configuration(proxyBeanMethods = false)
class HandlerTestConfiguration {

    static final Duration WAIT = Duration.ofSeconds(5);

    @Bean
    static P2pHandlerRegistrar p2pHandlerRegistrar() {
        return new P2pHandlerRegistrar();
    }

    @Bean
    Peer peer() {
        return Peer.create(PeerConfig.builder().address("127.0.0.1").build());
    }

    @Bean
    Recorder recorder() {
        return new Recorder();
    }

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(HandlerTestConfiguration.class);
    }

    /** A peer outside Spring, started, to talk to the context's peer. */
    static Peer remotePeer() throws Exception {
        return Peer.create(PeerConfig.builder().address("127.0.0.1").build()).start();
    }
}
