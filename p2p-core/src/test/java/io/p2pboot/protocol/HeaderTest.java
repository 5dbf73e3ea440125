package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderTest {

    /** The spec's spelling: text, then '|' up to 128 bytes. */
    static byte[] wire(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] w = new byte[Header.SIZE];
        Arrays.fill(w, (byte) '|');
        System.arraycopy(t, 0, w, 0, t.length);
        return w;
    }

    @Test
    void helloIsWrittenExactlyAsTheSpecExample() throws Exception {
        byte[] bytes = Header.hello("127.0.0.1:51515", DataType.JSON, true, false, null).encode();
        assertThat(bytes).hasSize(128).isEqualTo(wire("HELLO|peer_name=127.0.0.1:51515&data_type=json&strict=True"));
    }

    @Test
    void helloWritesStreamOnlyWhenStreamingAndDataSizeOnlyWhenGiven() throws Exception {
        assertThat(Header.hello("10.0.0.1:1", DataType.RAW, false, true, 2048).encode())
                .isEqualTo(wire("HELLO|peer_name=10.0.0.1:1&data_type=raw&strict=False&stream=True&data_size=2048"));
        assertThat(new String(Header.hello("a:1", DataType.BYTES, false, false, null).encode(), StandardCharsets.US_ASCII))
                .doesNotContain("stream").doesNotContain("data_size");
    }

    @Test
    void acceptAndDenyHaveNoFields() throws Exception {
        assertThat(Header.accept().encode()).isEqualTo(wire("ACCEPT"));
        assertThat(Header.deny().encode()).isEqualTo(wire("DENY"));
        assertThat(new String(Header.accept().encode(), StandardCharsets.US_ASCII)).isEqualTo("ACCEPT" + "|".repeat(122));
    }

    @Test
    void dataIsWrittenExactlyAsTheSpecExample() throws Exception {
        assertThat(Header.data(2048, DataType.RAW).encode()).isEqualTo(wire("DATA|data_size=2048&data_type=raw"));
    }

    @Test
    void pingAndPongCarryTheirAddress() throws Exception {
        assertThat(Header.ping("127.0.0.1:1024").encode()).isEqualTo(wire("PING|pinger=127.0.0.1:1024"));
        assertThat(Header.pong("127.0.0.1:5000").encode()).isEqualTo(wire("PONG|ponger=127.0.0.1:5000"));
    }

    @Test
    void aHeaderLongerThan128BytesCannotBeEncoded() {
        Header h = Header.hello("x".repeat(100), DataType.JSON, true, false, null);
        assertThatThrownBy(h::encode).isInstanceOf(ProtocolException.class).hasMessageContaining("more than the 128");
    }

    @Test
    void aHeaderOfExactly128BytesNeedsNoPadding() throws Exception {
        String base = "PING|pinger=";
        Header h = Header.ping("a".repeat(128 - base.length()));
        assertThat(Header.decode(h.encode())).isEqualTo(h);
    }

    @Test
    void fieldValuesWithSeparatorsAreRefused() {
        assertThatThrownBy(() -> Header.ping("a&b=c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Header.pong("a|b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFactoryRoundTrips() throws Exception {
        Header[] all = {
            Header.hello("127.0.0.1:1", DataType.JSON, true, false, null),
            Header.hello("[::1]:2", DataType.RAW, false, true, 16),
            Header.accept(), Header.deny(), Header.data(0, DataType.BYTES), Header.ping("p:1"), Header.pong("q:2")
        };
        for (Header h : all) {
            assertThat(Header.decode(h.encode())).isEqualTo(h);
        }
    }

    @Test
    void helloAccessorsAreTyped() throws Exception {
        Header h = Header.decode(wire("HELLO|peer_name=1.2.3.4:5&data_type=raw&strict=False&stream=True&data_size=64"));
        assertThat(h.kind()).isEqualTo(HeaderKind.HELLO);
        assertThat(h.peerName()).isEqualTo("1.2.3.4:5");
        assertThat(h.dataType()).isEqualTo(DataType.RAW);
        assertThat(h.strict()).isFalse();
        assertThat(h.stream()).isTrue();
        assertThat(h.dataSize()).hasValue(64);
    }

    @Test
    void addressNameIsAnAliasOfPeerName() throws Exception {
        Header h = Header.decode(wire("HELLO|address_name=1.2.3.4:5&data_type=json&strict=True"));
        assertThat(h.peerName()).isEqualTo("1.2.3.4:5");
        assertThat(h.stream()).isFalse();
        assertThat(h.dataSize()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"True", "true", "TRUE", "1"})
    void trueIsReadInEverySpelling(String v) throws Exception {
        assertThat(Header.decode(wire("HELLO|peer_name=a:1&data_type=json&strict=" + v)).strict()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"False", "false", "FALSE", "0"})
    void falseIsReadInEverySpelling(String v) throws Exception {
        assertThat(Header.decode(wire("HELLO|peer_name=a:1&data_type=json&strict=" + v)).strict()).isFalse();
    }

    @Test
    void aBooleanThatIsNotOneIsInvalid() {
        assertThatThrownBy(() -> Header.decode(wire("HELLO|peer_name=a:1&data_type=json&strict=yes")))
                .isInstanceOf(ProtocolException.class).hasMessage("strict 'yes' is not a boolean");
    }

    @Test
    void kindIsMatchedAsAPrefix() throws Exception {
        assertThat(Header.decode(wire("ACCEPTED")).kind()).isEqualTo(HeaderKind.ACCEPT);
        assertThat(Header.decode(wire("DATAGRAM|data_size=1&data_type=raw")).kind()).isEqualTo(HeaderKind.DATA);
    }

    @Test
    void unknownFieldsAreIgnoredButKept() throws Exception {
        Header h = Header.decode(wire("DATA|x=1&data_size=5&buffer_size=8192&data_type=bytes"));
        assertThat(h.dataSize()).hasValue(5);
        assertThat(h.dataType()).isEqualTo(DataType.BYTES);
        assertThat(h.fields()).containsKeys("x", "buffer_size");
    }

    @Test
    void onlyTheTextBetweenTheFirstAndNextBarIsTheFieldList() throws Exception {
        Header h = Header.decode(wire("DATA|data_size=5&data_type=raw|data_size=7"));
        assertThat(h.dataSize()).hasValue(5);
    }

    @Test
    void aValueKeepsEverythingAfterTheFirstEquals() throws Exception {
        assertThat(Header.decode(wire("PING|pinger=a=b")).pinger()).hasValue("a=b");
    }

    @Test
    void aHeaderWithoutBarHasNoFields() throws Exception {
        byte[] w = new byte[128];
        Arrays.fill(w, (byte) ' ');
        System.arraycopy("ACCEPT".getBytes(StandardCharsets.US_ASCII), 0, w, 0, 6);
        assertThat(Header.decode(w).fields()).isEmpty();
    }

    @Test
    void missingRequiredFieldsAreInvalid() {
        assertThatThrownBy(() -> Header.decode(wire("DATA|data_type=raw"))).hasMessage("DATA header without data_size");
        assertThatThrownBy(() -> Header.decode(wire("DATA|data_size=3"))).hasMessage("DATA header without data_type");
        assertThatThrownBy(() -> Header.decode(wire("HELLO|data_type=json&strict=True"))).hasMessage("HELLO header without peer_name");
        assertThatThrownBy(() -> Header.decode(wire("HELLO|peer_name=a:1&data_type=json"))).hasMessage("HELLO header without strict");
        assertThatThrownBy(() -> Header.decode(wire("PING"))).hasMessage("PING header without pinger");
        assertThatThrownBy(() -> Header.decode(wire("PONG|ponger="))).hasMessage("PONG header without ponger");
    }

    @Test
    void badValuesAreInvalidWithAPreciseReason() {
        assertThatThrownBy(() -> Header.decode(wire("DATA|data_size=abc&data_type=raw"))).hasMessage("data_size 'abc' is not a number");
        assertThatThrownBy(() -> Header.decode(wire("DATA|data_size=-5&data_type=raw"))).hasMessage("data_size -5 is negative");
        assertThatThrownBy(() -> Header.decode(wire("DATA|data_size=99999999999&data_type=raw"))).hasMessage("data_size 99999999999 is out of range");
        assertThatThrownBy(() -> Header.decode(wire("DATA|data_size=1&data_type=xml"))).hasMessage("unknown data_type 'xml'");
        assertThatThrownBy(() -> Header.decode(wire("DATA|data_size=1&data_type=raw&oops"))).hasMessage("malformed header field 'oops' (no '=')");
    }

    @Test
    void anUnknownKindIsInvalid() {
        assertThatThrownBy(() -> Header.decode(wire("HELO|peer_name=a")))
                .isInstanceOf(ProtocolException.class).hasMessage("unknown header kind in 'HELO|peer_name=a'");
    }

    @Test
    void nonUtf8IsInvalid() {
        byte[] w = wire("PING|pinger=a");
        w[13] = (byte) 0xC3; // a lead byte followed by '|', not a continuation
        assertThatThrownBy(() -> Header.decode(w)).isInstanceOf(ProtocolException.class).hasMessage("header is not valid UTF-8");
    }

    @Test
    void validUtf8BeyondAsciiIsAccepted() throws Exception {
        assertThat(Header.decode(wire("PING|pinger=h\u00e9")).pinger()).hasValue("h\u00e9");
    }

    @Test
    void aHeaderMustBe128Bytes() {
        assertThatThrownBy(() -> Header.decode(new byte[127])).hasMessage("a header is 128 bytes, not 127");
    }

    @Test
    void decodingReadsAtTheGivenIndexAndDoesNotMoveTheBufferIndexes() throws Exception {
        ByteBuf buf = Unpooled.buffer().writeBytes(new byte[] {1, 2, 3}).writeBytes(wire("ACCEPT"));
        assertThat(Header.decode(buf, 3, true)).isEqualTo(Header.accept());
        assertThat(buf.readerIndex()).isZero();
        assertThat(buf.writerIndex()).isEqualTo(3 + Header.SIZE);
    }

    @Test
    void accessorsOfTheWrongKindFailLoudly() {
        assertThatThrownBy(() -> Header.accept().peerName()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Header.accept().dataType()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void dataTypeParsesOnlyExactWireNames() throws Exception {
        assertThat(DataType.fromWire("json")).isEqualTo(DataType.JSON);
        assertThat(DataType.fromWire("bytes")).isEqualTo(DataType.BYTES);
        assertThat(DataType.fromWire("raw")).isEqualTo(DataType.RAW);
        assertThatThrownBy(() -> DataType.fromWire("JSON")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> DataType.fromWire("")).isInstanceOf(ProtocolException.class);
    }
}
