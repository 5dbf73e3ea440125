package io.p2pboot.pipe;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;

/**
 * The ids of the most recent messages (a digest of sender and bytes), for {@code enable_msg_ids}:
 * a message whose id is remembered is a duplicate. Only the newest {@code max_msg_ids} are kept.
 */
final class MessageIds {

    private final Map<Id, Boolean> recent;

    MessageIds(int max) {
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Id, Boolean> eldest) {
                return size() > max;
            }
        };
    }

    /** Remembers the message; {@code false} when it was already remembered. */
    synchronized boolean firstSeen(Message m) {
        return recent.putIfAbsent(Id.of(m), Boolean.TRUE) == null;
    }

    private record Id(byte[] digest) {
        static Id of(Message m) {
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                InetSocketAddress s = m.sender();
                if (s != null) {
                    d.update(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
                }
                d.update((byte) 0);
                d.update(m.data());
                return new Id(d.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && Arrays.equals(digest, other.digest);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(digest);
        }
    }
}
