package io.p2pboot.protocol;

import static io.p2pboot.protocol.HeaderTest.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class DataHeaderParserTest {

    private final DataHeaderParser parser = new DataHeaderParser();

    private static ByteBuf header(String text) {
        return Unpooled.wrappedBuffer(wire(text));
    }

    private static long parsed(int size, DataType type) {
        return ((long) size << 2) | type.ordinal();
    }

    @Test
    void aRepeatedHeaderParsesAsTheFirstTime() {
        for (int i = 0; i < 3; i++) {
            assertThat(parser.parse(header("DATA|data_size=1024&data_type=bytes"), 0)).isEqualTo(parsed(1024, DataType.BYTES));
        }
    }

    @Test
    void aHeaderThatDiffersFromTheLastInOneByteIsParsedAfresh() {
        parser.parse(header("DATA|data_size=1024&data_type=bytes"), 0);
        assertThat(parser.parse(header("DATA|data_size=1025&data_type=bytes"), 0)).isEqualTo(parsed(1025, DataType.BYTES));
        assertThat(parser.parse(header("DATA|data_size=1025&data_type=json"), 0)).isEqualTo(parsed(1025, DataType.JSON));
    }

    @Test
    void headersTakenInTurnsEachParseToTheirOwnValue() {
        // the parser swaps its two arrays on every fresh parse: neither may keep a stale header
        for (int i = 0; i < 4; i++) {
            assertThat(parser.parse(header("DATA|data_size=7&data_type=raw"), 0)).isEqualTo(parsed(7, DataType.RAW));
            assertThat(parser.parse(header("DATA|data_size=70000&data_type=bytes"), 0)).isEqualTo(parsed(70000, DataType.BYTES));
        }
    }

    @Test
    void unusualHeadersAfterAKnownOneStillGoToThePreciseDecoder() {
        parser.parse(header("DATA|data_size=9&data_type=raw"), 0);
        assertThat(parser.parse(header("PING|pinger=a"), 0)).isEqualTo(DataHeaderParser.NOT_FAST);
        assertThat(parser.parse(header("DATA|data_size=-9&data_type=raw"), 0)).isEqualTo(DataHeaderParser.NOT_FAST);
        assertThat(parser.parse(header("DATA|data_size=9&data_type=raw"), 0)).isEqualTo(parsed(9, DataType.RAW));
    }

    @Test
    void readsTheHeaderAtTheGivenIndexAndLeavesTheBufferAlone() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {1, 2, 3});
        buf.writeBytes(wire("DATA|data_size=5&data_type=json"));
        assertThat(parser.parse(buf, 3)).isEqualTo(parsed(5, DataType.JSON));
        assertThat(parser.parse(buf, 3)).isEqualTo(parsed(5, DataType.JSON));
        assertThat(buf.readerIndex()).isZero();
    }

    @Test
    void agreesWithThePreciseDecoderOnEveryHeaderItReads() throws Exception {
        String[] texts = {
            "DATA|data_size=2048&data_type=raw", "DATA|data_type=json&data_size=0", "DATA|x=y&data_size=7&data_type=bytes",
            "DATA|data_size=1&data_size=9&data_type=raw", "DATAX|data_size=3&data_type=raw"
        };
        for (String text : texts) {
            long fast = new DataHeaderParser().parse(header(text), 0);
            Header slow = Header.decode(wire(text));
            assertThat(fast).as(text).isNotEqualTo(DataHeaderParser.NOT_FAST);
            assertThat(DataHeaderParser.size(fast)).as(text).isEqualTo(slow.dataSize().getAsInt());
            assertThat(DataHeaderParser.type(fast)).as(text).isEqualTo(slow.dataType());
        }
    }

    @Test
    void leavesUnusualHeadersToThePreciseDecoder() {
        String[] unusual = {
            "DATA|data_size=-1&data_type=raw", "DATA|data_size=1&data_type=xml", "DATA", "DATA|data_size=1&&data_type=raw",
            "PING|pinger=a", "DATA|data_size=2147483648&data_type=raw", "DATA|data_size=1&data_type=r\u00e9"
        };
        for (String text : unusual) {
            assertThat(new DataHeaderParser().parse(header(text), 0)).as(text).isEqualTo(DataHeaderParser.NOT_FAST);
        }
    }
}
