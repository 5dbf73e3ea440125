package io.p2pboot.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Validates a Binding response step by step (header, cookie, type, transaction id, attribute
 * layout, FINGERPRINT) and extracts the mapped address. Every rejection says what was wrong and
 * where, since a vague "bad STUN packet" is useless when debugging a server.
 */
final class BindingResponseReader {

    private static final int FINGERPRINT_XOR = 0x5354554E;
    private static final int FAMILY_IPV4 = 0x01;
    private static final int FAMILY_IPV6 = 0x02;

    private BindingResponseReader() {
    }

    static InetSocketAddress read(byte[] message, byte[] expectedTransactionId) throws StunException {
        ByteBuffer buffer = header(message);
        int type = buffer.getShort(0) & 0xFFFF;
        byte[] transactionId = Arrays.copyOfRange(message, 8, StunMessage.HEADER_LENGTH);
        if (!MessageDigest.isEqual(transactionId, expectedTransactionId)) {
            throw new StunException("STUN transaction id mismatch: the response answers another request");
        }
        if (type != StunMessage.BINDING_SUCCESS && type != StunMessage.BINDING_ERROR) {
            throw new StunException(String.format(
                    "unexpected STUN message type 0x%04x (expected Binding success 0x0101 or error 0x0111)", type));
        }

        int xorMapped = -1;
        int mapped = -1;
        int errorCode = -1;
        boolean afterIntegrity = false;
        int offset = StunMessage.HEADER_LENGTH;
        while (offset < message.length) {
            if (message.length - offset < 4) {
                throw new StunException("STUN attribute header truncated at offset " + offset);
            }
            int attribute = buffer.getShort(offset) & 0xFFFF;
            int length = buffer.getShort(offset + 2) & 0xFFFF;
            int valueStart = offset + 4;
            int next = valueStart + StunMessage.padded(length);
            if (next > message.length) {
                throw new StunException(String.format("STUN attribute 0x%04x at offset %d declares %d bytes but only %d"
                        + " remain", attribute, offset, length, message.length - valueStart));
            }
            if (attribute == StunAttributes.FINGERPRINT) {
                checkFingerprint(buffer, message, offset, length, next);
            } else if (!afterIntegrity) {
                // RFC 8489 14.5: attributes after MESSAGE-INTEGRITY (other than FINGERPRINT) are ignored
                if (StunAttributes.isComprehensionRequired(attribute)
                        && !StunAttributes.isKnownComprehensionRequired(attribute)) {
                    throw new StunException(String.format(
                            "STUN response has unknown comprehension-required attribute 0x%04x", attribute));
                }
                if (attribute == StunAttributes.XOR_MAPPED_ADDRESS && xorMapped < 0) {
                    xorMapped = offset;
                } else if (attribute == StunAttributes.MAPPED_ADDRESS && mapped < 0) {
                    mapped = offset;
                } else if (attribute == StunAttributes.ERROR_CODE && errorCode < 0) {
                    errorCode = offset;
                } else if (attribute == StunAttributes.MESSAGE_INTEGRITY
                        || attribute == StunAttributes.MESSAGE_INTEGRITY_SHA256) {
                    afterIntegrity = true;
                }
            }
            offset = next;
        }

        if (type == StunMessage.BINDING_ERROR) {
            throw errorResponse(buffer, message, errorCode);
        }
        if (xorMapped >= 0) {
            return address(buffer, message, xorMapped, "XOR-MAPPED-ADDRESS", true);
        }
        if (mapped >= 0) {
            return address(buffer, message, mapped, "MAPPED-ADDRESS", false);
        }
        throw new StunException("STUN Binding success response has neither XOR-MAPPED-ADDRESS nor MAPPED-ADDRESS");
    }

    private static ByteBuffer header(byte[] message) throws StunException {
        if (message == null || message.length < StunMessage.HEADER_LENGTH) {
            throw new StunException("STUN message too short: " + (message == null ? 0 : message.length)
                    + " bytes, the header alone is " + StunMessage.HEADER_LENGTH);
        }
        ByteBuffer buffer = ByteBuffer.wrap(message);
        if ((message[0] & 0xC0) != 0) {
            throw new StunException("not a STUN message: the two top bits of the first byte are not zero");
        }
        int cookie = buffer.getInt(4);
        if (cookie != StunMessage.MAGIC_COOKIE) {
            throw new StunException(String.format(
                    "STUN magic cookie is 0x%08x, expected 0x2112a442 (an RFC 3489 server?)", cookie));
        }
        int length = buffer.getShort(2) & 0xFFFF;
        if (length % 4 != 0) {
            throw new StunException("STUN message length " + length + " is not a multiple of 4");
        }
        if (StunMessage.HEADER_LENGTH + length != message.length) {
            throw new StunException("STUN message length field says " + length + " bytes of attributes but "
                    + (message.length - StunMessage.HEADER_LENGTH) + " follow the header");
        }
        return buffer;
    }

    private static void checkFingerprint(ByteBuffer buffer, byte[] message, int offset, int length, int next)
            throws StunException {
        if (length != 4) {
            throw new StunException("STUN FINGERPRINT must be 4 bytes, is " + length);
        }
        if (next != message.length) {
            throw new StunException("STUN FINGERPRINT at offset " + offset + " is not the last attribute");
        }
        CRC32 crc = new CRC32();
        crc.update(message, 0, offset);
        int expected = (int) crc.getValue() ^ FINGERPRINT_XOR;
        int actual = buffer.getInt(offset + 4);
        if (actual != expected) {
            throw new StunException(String.format(
                    "STUN FINGERPRINT mismatch: message says 0x%08x, computed 0x%08x", actual, expected));
        }
    }

    private static StunException errorResponse(ByteBuffer buffer, byte[] message, int offset) {
        if (offset < 0) {
            return new StunException("STUN server answered with a Binding error response without ERROR-CODE");
        }
        int length = buffer.getShort(offset + 2) & 0xFFFF;
        if (length < 4) {
            return new StunException("STUN ERROR-CODE attribute too short: " + length + " bytes");
        }
        int errorClass = message[offset + 4 + 2] & 0x07;
        int number = message[offset + 4 + 3] & 0xFF;
        int code = errorClass * 100 + number;
        String reason = new String(message, offset + 8, length - 4, StandardCharsets.UTF_8);
        return new StunException("STUN server answered error " + code + " " + reason, code, reason);
    }

    private static InetSocketAddress address(ByteBuffer buffer, byte[] message, int offset, String name, boolean xor)
            throws StunException {
        int length = buffer.getShort(offset + 2) & 0xFFFF;
        int value = offset + 4;
        if (length < 4) {
            throw new StunException(name + " too short: " + length + " bytes");
        }
        int family = message[value + 1] & 0xFF;
        int addressLength;
        if (family == FAMILY_IPV4) {
            addressLength = 4;
        } else if (family == FAMILY_IPV6) {
            addressLength = 16;
        } else {
            throw new StunException(String.format("%s has unknown address family 0x%02x", name, family));
        }
        if (length != 4 + addressLength) {
            throw new StunException(name + " for " + (family == FAMILY_IPV4 ? "IPv4" : "IPv6") + " must be "
                    + (4 + addressLength) + " bytes, is " + length);
        }
        int port = buffer.getShort(value + 2) & 0xFFFF;
        byte[] address = Arrays.copyOfRange(message, value + 4, value + 4 + addressLength);
        if (xor) {
            port ^= StunMessage.MAGIC_COOKIE >>> 16;
            // the key is the cookie followed by the transaction id: bytes 4..19 of the header
            for (int i = 0; i < addressLength; i++) {
                address[i] ^= message[4 + i];
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new StunException(name + " holds an invalid address");
        }
    }
}
