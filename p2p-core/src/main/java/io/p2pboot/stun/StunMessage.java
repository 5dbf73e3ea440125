package io.p2pboot.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Builds RFC 8489 Binding requests and reads the mapped address out of Binding responses. Pure
 * functions over byte arrays and no sockets, so any transport (a UDP pipe, a plain
 * DatagramSocket) can use it and it can be tested byte for byte.
 */
public final class StunMessage {

    /** The fixed value in bytes 4..7 of every RFC 5389/8489 message. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int HEADER_LENGTH = 20;
    public static final int TRANSACTION_ID_LENGTH = 12;

    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;

    /** RFC 8489 caps SOFTWARE at 763 bytes of UTF-8. */
    private static final int MAX_SOFTWARE_BYTES = 763;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StunMessage() {
    }

    /** A fresh random 96-bit transaction id, to pair a response with its request. */
    public static byte[] newTransactionId() {
        byte[] id = new byte[TRANSACTION_ID_LENGTH];
        RANDOM.nextBytes(id);
        return id;
    }

    /** A Binding request without attributes: the 20-byte header alone. */
    public static byte[] bindingRequest(byte[] transactionId) {
        return bindingRequest(transactionId, null);
    }

    /** A Binding request carrying a SOFTWARE attribute naming the client (null or empty: none). */
    public static byte[] bindingRequest(byte[] transactionId, @Nullable String software) {
        requireTransactionId(transactionId);
        byte[] name = software == null ? new byte[0] : software.getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_SOFTWARE_BYTES) {
            throw new IllegalArgumentException("SOFTWARE is " + name.length + " bytes, at most " + MAX_SOFTWARE_BYTES);
        }
        int attributes = name.length == 0 ? 0 : 4 + padded(name.length);
        ByteBuffer message = ByteBuffer.allocate(HEADER_LENGTH + attributes);
        message.putShort((short) BINDING_REQUEST)
                .putShort((short) attributes)
                .putInt(MAGIC_COOKIE)
                .put(transactionId);
        if (name.length > 0) {
            message.putShort((short) StunAttributes.SOFTWARE).putShort((short) name.length).put(name);
            // the padding bytes are already zero
        }
        return message.array();
    }

    /**
     * Whether a datagram looks like an RFC 5389/8489 STUN message (top two bits zero, a length
     * that fits, the magic cookie), so a socket shared with other traffic can tell them apart.
     */
    public static boolean isStunMessage(byte[] datagram) {
        if (datagram == null || datagram.length < HEADER_LENGTH || (datagram[0] & 0xC0) != 0) {
            return false;
        }
        ByteBuffer header = ByteBuffer.wrap(datagram);
        int length = header.getShort(2) & 0xFFFF;
        return header.getInt(4) == MAGIC_COOKIE && length % 4 == 0 && HEADER_LENGTH + length == datagram.length;
    }

    /** The transaction id of a message (bytes 8..19), e.g. to route a response to its request. */
    public static byte[] transactionId(byte[] message) throws StunException {
        if (message == null || message.length < HEADER_LENGTH) {
            throw new StunException("STUN message too short: " + (message == null ? 0 : message.length)
                    + " bytes, the header alone is " + HEADER_LENGTH);
        }
        return Arrays.copyOfRange(message, 8, HEADER_LENGTH);
    }

    /**
     * The address the server saw the request come from: XOR-MAPPED-ADDRESS when present, else
     * MAPPED-ADDRESS.
     *
     * @throws StunException if the bytes are not a well-formed Binding success response to the
     *     request with {@code expectedTransactionId}, or if the server answered with an error
     */
    public static InetSocketAddress mappedAddress(byte[] response, byte[] expectedTransactionId) throws StunException {
        requireTransactionId(expectedTransactionId);
        return BindingResponseReader.read(response, expectedTransactionId);
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static void requireTransactionId(byte[] transactionId) {
        if (transactionId == null || transactionId.length != TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("a STUN transaction id is " + TRANSACTION_ID_LENGTH + " bytes, got "
                    + (transactionId == null ? "null" : transactionId.length + " bytes"));
        }
    }
}
