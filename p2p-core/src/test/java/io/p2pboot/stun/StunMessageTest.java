package io.p2pboot.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: requests built exactly as RFC 8489 lays them out, and the RFC 5769 sample
 * responses parsed to their documented addresses. The addresses in the samples are parsing test
 * data only; nothing here touches the network.
 */
class StunMessageTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 5769 section 2.2 and 2.3 transaction id. */
    private static final byte[] SAMPLE_TX = HEX.parseHex("b7e7a701bc34d686fa87dfae");

    /** RFC 5769 section 2.2: Binding success with XOR-MAPPED-ADDRESS 192.0.2.1:32853 (parsed, never a destination). */
    private static byte[] ipv4Sample() {
        return HEX.parseHex(String.join("",
                "0101003c", "2112a442", "b7e7a701", "bc34d686", "fa87dfae",
                "8022000b", "74657374", "20766563", "746f7220",
                "00200008", "0001a147", "e112a643",
                "00080014", "2b91f599", "fd9e90c3", "8c7489f9", "2af9ba53", "f06be7d7",
                "80280004", "c07d4c96"));
    }

    /** RFC 5769 section 2.3: the same with XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    private static byte[] ipv6Sample() {
        return HEX.parseHex(String.join("",
                "01010048", "2112a442", "b7e7a701", "bc34d686", "fa87dfae",
                "8022000b", "74657374", "20766563", "746f7220",
                "00200014", "0002a147", "0113a9fa", "a5d3f179", "bc25f4b5", "bed2b9d9",
                "00080014", "a382954e", "4be67bf1", "1784c97c", "8292c275", "bfe3ed41",
                "80280004", "c8fb0b4c"));
    }

    @Test
    void bindingRequestIsTheBareHeader() {
        byte[] tx = HEX.parseHex("000102030405060708090a0b");

        assertThat(HEX.formatHex(StunMessage.bindingRequest(tx)))
                .isEqualTo("00010000" + "2112a442" + "000102030405060708090a0b");
    }

    @Test
    void bindingRequestWithSoftwareIsPaddedToFourBytes() {
        byte[] tx = HEX.parseHex("000102030405060708090a0b");

        byte[] request = StunMessage.bindingRequest(tx, "p2p");

        assertThat(HEX.formatHex(request)).isEqualTo(
                "0001" + "0008" + "2112a442" + "000102030405060708090a0b"
                        + "8022" + "0003" + "703270" + "00");
        assertThat(StunMessage.isStunMessage(request)).isTrue();
    }

    @Test
    void transactionIdsAreRandomAndTwelveBytes() {
        byte[] a = StunMessage.newTransactionId();
        byte[] b = StunMessage.newTransactionId();

        assertThat(a).hasSize(12);
        assertThat(a).isNotEqualTo(b);
        assertThat(StunMessage.bindingRequest(a)).hasSize(20);
    }

    @Test
    void requestRefusesATransactionIdOfTheWrongSize() {
        assertThatThrownBy(() -> StunMessage.bindingRequest(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 bytes");
    }

    @Test
    void rfc5769Ipv4ResponseGivesItsXorMappedAddress() throws Exception {
        InetSocketAddress mapped = StunMessage.mappedAddress(ipv4Sample(), SAMPLE_TX);

        assertThat(mapped.getAddress()).isEqualTo(InetAddress.getByName("192.0.2.1")); // parsed, never a destination
        assertThat(mapped.getPort()).isEqualTo(32853);
    }

    @Test
    void rfc5769Ipv6ResponseGivesItsXorMappedAddress() throws Exception {
        InetSocketAddress mapped = StunMessage.mappedAddress(ipv6Sample(), SAMPLE_TX);

        assertThat(mapped.getAddress()).isEqualTo(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"));
        assertThat(mapped.getPort()).isEqualTo(32853);
    }

    @Test
    void rfc5769SamplesAreRecognisedAsStun() {
        assertThat(StunMessage.isStunMessage(ipv4Sample())).isTrue();
        assertThat(StunMessage.isStunMessage(ipv6Sample())).isTrue();
        assertThat(StunMessage.isStunMessage(new byte[] {(byte) 0x80, 0, 0, 0})).isFalse();
    }

    @Test
    void mappedAddressIsTheFallback() throws Exception {
        byte[] tx = StunMessage.newTransactionId();
        byte[] response = response(0x0101, tx, attribute(0x0001, HEX.parseHex("0001" + "1f90" + "7f000001")));

        assertThat(StunMessage.mappedAddress(response, tx))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
    }

    @Test
    void xorMappedAddressIsPreferredOverMappedAddress() throws Exception {
        byte[] tx = StunMessage.newTransactionId();
        // XOR-MAPPED-ADDRESS 127.0.0.1:8080 after a MAPPED-ADDRESS saying 127.0.0.9:9
        byte[] xored = HEX.parseHex("0001" + String.format("%04x", 8080 ^ 0x2112)
                + String.format("%08x", 0x7f000001 ^ 0x2112A442));
        byte[] response = response(0x0101, tx,
                attribute(0x0001, HEX.parseHex("0001" + "0009" + "7f000009")),
                attribute(0x0020, xored));

        assertThat(StunMessage.mappedAddress(response, tx))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
    }

    @Test
    void errorResponseCarriesCodeAndReason() {
        byte[] tx = StunMessage.newTransactionId();
        byte[] reason = "Unknown Attribute".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] value = ByteBuffer.allocate(4 + reason.length).put(new byte[] {0, 0, 4, 20}).put(reason).array();
        byte[] response = response(0x0111, tx, attribute(0x0009, value));

        assertThatThrownBy(() -> StunMessage.mappedAddress(response, tx))
                .isInstanceOfSatisfying(StunException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(420);
                    assertThat(e.reason()).isEqualTo("Unknown Attribute");
                })
                .hasMessage("STUN server answered error 420 Unknown Attribute");
    }

    @Test
    void wrongTransactionIdIsRejected() {
        byte[] other = SAMPLE_TX.clone();
        other[11] ^= 1;

        assertThatThrownBy(() -> StunMessage.mappedAddress(ipv4Sample(), other))
                .isInstanceOf(StunException.class).hasMessageContaining("transaction id mismatch");
    }

    @Test
    void wrongMagicCookieIsRejected() {
        byte[] bad = ipv4Sample();
        bad[4] = 0;

        assertThatThrownBy(() -> StunMessage.mappedAddress(bad, SAMPLE_TX))
                .isInstanceOf(StunException.class).hasMessageContaining("magic cookie is 0x0012a442");
    }

    @Test
    void damagedMessageFailsTheFingerprint() {
        byte[] bad = ipv4Sample();
        bad[26] ^= 0x01; // inside SOFTWARE

        assertThatThrownBy(() -> StunMessage.mappedAddress(bad, SAMPLE_TX))
                .isInstanceOf(StunException.class).hasMessageContaining("FINGERPRINT mismatch");
    }

    @Test
    void shortMessageIsRejected() {
        assertThatThrownBy(() -> StunMessage.mappedAddress(new byte[19], SAMPLE_TX))
                .isInstanceOf(StunException.class).hasMessageContaining("too short: 19 bytes");
    }

    @Test
    void lengthFieldMustMatchTheDatagram() {
        byte[] truncated = Arrays.copyOf(ipv4Sample(), 40);

        assertThatThrownBy(() -> StunMessage.mappedAddress(truncated, SAMPLE_TX))
                .isInstanceOf(StunException.class).hasMessageContaining("length field says 60 bytes");
    }

    @Test
    void lengthFieldMustBeAMultipleOfFour() {
        byte[] tx = StunMessage.newTransactionId();
        byte[] message = response(0x0101, tx);
        message = Arrays.copyOf(message, 22);
        message[3] = 2;
        byte[] odd = message;

        assertThatThrownBy(() -> StunMessage.mappedAddress(odd, tx))
                .isInstanceOf(StunException.class).hasMessageContaining("not a multiple of 4");
    }

    @Test
    void attributeLongerThanTheMessageIsRejected() {
        byte[] tx = StunMessage.newTransactionId();
        byte[] response = response(0x0101, tx, HEX.parseHex("00200040" + "00010000"));

        assertThatThrownBy(() -> StunMessage.mappedAddress(response, tx))
                .isInstanceOf(StunException.class)
                .hasMessageContaining("attribute 0x0020 at offset 20 declares 64 bytes but only 4 remain");
    }

    @Test
    void unknownComprehensionRequiredAttributeIsRejected() {
        byte[] tx = StunMessage.newTransactionId();
        byte[] response = response(0x0101, tx, attribute(0x7777, new byte[4]),
                attribute(0x0001, HEX.parseHex("0001" + "1f90" + "7f000001")));

        assertThatThrownBy(() -> StunMessage.mappedAddress(response, tx))
                .isInstanceOf(StunException.class).hasMessageContaining("0x7777");
    }

    @Test
    void unknownOptionalAttributeIsSkipped() throws Exception {
        byte[] tx = StunMessage.newTransactionId();
        byte[] response = response(0x0101, tx, attribute(0x8777, new byte[] {1, 2, 3}),
                attribute(0x0001, HEX.parseHex("0001" + "1f90" + "7f000001")));

        assertThat(StunMessage.mappedAddress(response, tx).getPort()).isEqualTo(8080);
    }

    @Test
    void responseWithoutAddressIsRejected() {
        byte[] tx = StunMessage.newTransactionId();

        assertThatThrownBy(() -> StunMessage.mappedAddress(response(0x0101, tx), tx))
                .isInstanceOf(StunException.class).hasMessageContaining("neither XOR-MAPPED-ADDRESS nor MAPPED-ADDRESS");
    }

    @Test
    void otherMessageTypesAreRejected() {
        byte[] tx = StunMessage.newTransactionId();

        assertThatThrownBy(() -> StunMessage.mappedAddress(StunMessage.bindingRequest(tx), tx))
                .isInstanceOf(StunException.class).hasMessageContaining("unexpected STUN message type 0x0001");
    }

    @Test
    void unknownAddressFamilyIsRejected() {
        byte[] tx = StunMessage.newTransactionId();
        byte[] response = response(0x0101, tx, attribute(0x0020, HEX.parseHex("0003" + "1f90" + "7f000001")));

        assertThatThrownBy(() -> StunMessage.mappedAddress(response, tx))
                .isInstanceOf(StunException.class).hasMessageContaining("unknown address family 0x03");
    }

    @Test
    void addressOfTheWrongLengthIsRejected() {
        byte[] tx = StunMessage.newTransactionId();
        byte[] response = response(0x0101, tx, attribute(0x0020, HEX.parseHex("0002" + "1f90" + "7f000001")));

        assertThatThrownBy(() -> StunMessage.mappedAddress(response, tx))
                .isInstanceOf(StunException.class).hasMessageContaining("IPv6 must be 20 bytes, is 8");
    }

    @Test
    void nonStunBytesAreRejected() {
        byte[] junk = new byte[20];
        junk[0] = (byte) 0xC0;

        assertThatThrownBy(() -> StunMessage.mappedAddress(junk, SAMPLE_TX))
                .isInstanceOf(StunException.class).hasMessageContaining("not a STUN message");
    }

    @Test
    void transactionIdIsReadFromTheHeader() throws Exception {
        assertThat(StunMessage.transactionId(ipv4Sample())).isEqualTo(SAMPLE_TX);
    }

    /** A message of the given type with the attributes, length field filled in. */
    static byte[] response(int type, byte[] tx, byte[]... attributes) {
        int length = Arrays.stream(attributes).mapToInt(a -> a.length).sum();
        ByteBuffer message = ByteBuffer.allocate(20 + length)
                .putShort((short) type).putShort((short) length).putInt(StunMessage.MAGIC_COOKIE).put(tx);
        for (byte[] attribute : attributes) {
            message.put(attribute);
        }
        return message.array();
    }

    /** One attribute: type, length, value, zero padding to 4 bytes. */
    static byte[] attribute(int type, byte[] value) {
        return ByteBuffer.allocate(4 + ((value.length + 3) & ~3))
                .putShort((short) type).putShort((short) value.length).put(value).array();
    }
}
