package io.p2pboot.sample.chat;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the chat itself ({@code chat.*}); the peer's are under {@code p2p.*}.
 *
 * @param allow address ranges (CIDR, e.g. {@code 127.0.0.0/8}) whose connection offers are accepted; empty accepts all
 * @param history how many received messages are kept in memory
 * @param historyBytes how much JSON the kept messages may take together, as {@code GET /api/messages}
 *     shows them; the oldest make room, and a message larger than this is kept as a placeholder
 */
@ConfigurationProperties("chat")
public record ChatProperties(@DefaultValue List<String> allow, @DefaultValue("1000") int history,
                             @DefaultValue("16MB") DataSize historyBytes) {

    /** Enough for a few placeholders and ordinary chat lines. */
    static final DataSize MIN_HISTORY_BYTES = DataSize.ofKilobytes(1);

    public ChatProperties {
        if (history < 1) {
            throw new IllegalArgumentException("chat.history must be at least 1, was " + history);
        }
        if (historyBytes == null || historyBytes.compareTo(MIN_HISTORY_BYTES) < 0) {
            throw new IllegalArgumentException("chat.history-bytes must be at least 1KB, was "
                    + historyBytes);
        }
        allow = List.copyOf(allow);
    }
}
