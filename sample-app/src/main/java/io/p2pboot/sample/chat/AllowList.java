package io.p2pboot.sample.chat;

import java.net.InetAddress;
import java.util.List;
import org.springframework.stereotype.Component;

/** The address ranges ({@code chat.allow}) whose offers are accepted; empty accepts everyone. */
@Component
public class AllowList {

    private final List<AddressRange> ranges;

    public AllowList(ChatProperties properties) {
        this.ranges = properties.allow().stream().map(cidr -> {
            try {
                return AddressRange.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("chat.allow: " + e.getMessage(), e);
            }
        }).toList();
    }

    public boolean permits(InetAddress address) {
        return ranges.isEmpty() || ranges.stream().anyMatch(r -> r.contains(address));
    }

    public List<AddressRange> ranges() {
        return ranges;
    }
}
