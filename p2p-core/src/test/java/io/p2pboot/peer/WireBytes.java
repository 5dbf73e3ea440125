package io.p2pboot.peer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The spec's frames as bytes, for tests that feed or check a socket's bytes by hand. */
final class WireBytes {

    private WireBytes() {
    }

    /** A header: the text right-padded with '|' to 128 bytes. */
    static byte[] header(String text) {
        return RawPeer.header(text);
    }

    /** A DATA header and its payload. */
    static byte[] data(String type, byte[] payload) {
        return concat(header("DATA|data_size=" + payload.length + "&data_type=" + type), payload);
    }

    /** A DATA frame whose payload is {@code text} in UTF-8. */
    static byte[] data(String type, String text) {
        return data(type, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
