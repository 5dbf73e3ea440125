package io.p2pboot.sample.chat;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the chat itself ({@code chat.*}); the peer's are under {@code p2p.*}.
 *
 * @param allow address ranges (CIDR, e.g. {@code 127.0.0.0/8}) whose connection offers are accepted; empty accepts all
 * @param history how many received messages are kept in memory
 */
@ConfigurationProperties("chat")
public record ChatProperties(@DefaultValue List<String> allow, @DefaultValue("1000") int history) {

    public ChatProperties {
        if (history < 1) {
            throw new IllegalArgumentException("chat.history must be at least 1, was " + history);
        }
        allow = List.copyOf(allow);
    }
}
