package io.p2pboot.protocol;

import static io.p2pboot.protocol.HeaderTest.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session extension's bytes, as pure functions and through the frame decoder: the fields a
 * HELLO and an ACCEPT carry, the {@code seq} (and {@code dup}) of a DATA header, and the ACK header.
 */
class SessionWireTest {

    private static String text(byte[] header) {
        return new String(header, StandardCharsets.US_ASCII);
    }

    @Test
    void helloAndAcceptCarryTheSessionAfterPeerpysFields() throws Exception {
        Header hello = Header.hello("127.0.0.1:5000", DataType.JSON, true, false, null)
                .withSession("0123456789abcdef", 42);
        assertThat(text(hello.encode())).isEqualTo(text(wire(
                "HELLO|peer_name=127.0.0.1:5000&data_type=json&strict=True&session=0123456789abcdef&received=42")));
        Header accept = Header.accept().withSession("fedcba9876543210", 0);
        assertThat(text(accept.encode())).isEqualTo(text(wire("ACCEPT|session=fedcba9876543210&received=0")));

        Header read = Header.decode(hello.encode());
        assertThat(read.session()).contains("0123456789abcdef");
        assertThat(read.received()).isEqualTo(42);
        assertThat(read.peerName()).isEqualTo("127.0.0.1:5000");
        assertThat(Header.decode(accept.encode()).session()).contains("fedcba9876543210");
    }

    @Test
    void aPlainAcceptHasNoSession() throws Exception {
        Header accept = Header.decode(wire("ACCEPT"));
        assertThat(accept.session()).isEmpty();
        assertThat(Header.decode(wire("HELLO|peer_name=127.0.0.1:5000&data_type=json&strict=True")).session()).isEmpty();
    }

    @Test
    void aMalformedSessionIsRefusedWithItsReason() {
        assertThatThrownBy(() -> Header.decode(wire("ACCEPT|session=XYZ&received=0")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("hex");
        assertThatThrownBy(() -> Header.decode(wire("ACCEPT|session=abc")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("received");
        assertThatThrownBy(() -> Header.decode(wire("ACK|seq=x1")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> Header.decode(wire("ACK")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("without seq");
        assertThatThrownBy(() -> Header.accept().withSession("ABC", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAckHeaderIsKindAckAndASeq() throws Exception {
        assertThat(text(Header.ack(1234567).encode())).isEqualTo(text(wire("ACK|seq=1234567")));
        ByteBuf fast = Unpooled.buffer();
        DataHeaderWriter.writeAck(fast, 1234567);
        assertThat(ByteBufUtil.getBytes(fast)).isEqualTo(Header.ack(1234567).encode());
        Header read = Header.decode(wire("ACK|seq=99"));
        assertThat(read.kind()).isEqualTo(HeaderKind.ACK);
        assertThat(read.seq()).isEqualTo(99);
        // no kind is a prefix of another: ACK and ACCEPT are told apart
        assertThat(Header.decode(wire("ACCEPT")).kind()).isEqualTo(HeaderKind.ACCEPT);
    }

    @Test
    void aSessionsDataHeaderAddsSeqAndDupAfterPeerpysFields() throws Exception {
        ByteBuf out = Unpooled.buffer();
        DataHeaderWriter.write(out, 64, DataType.BYTES, 7, false);
        assertThat(text(ByteBufUtil.getBytes(out))).isEqualTo(text(wire("DATA|data_size=64&data_type=bytes&seq=7")));
        out.clear();
        DataHeaderWriter.write(out, 64, DataType.RAW, 123456789012L, true);
        assertThat(text(ByteBufUtil.getBytes(out)))
                .isEqualTo(text(wire("DATA|data_size=64&data_type=raw&seq=123456789012&dup=True")));
        ByteBuf kept = Unpooled.buffer();
        new SequencedHeader(64, DataType.BYTES).write(kept, 7);
        assertThat(text(ByteBufUtil.getBytes(kept))).isEqualTo(text(wire("DATA|data_size=64&data_type=bytes&seq=7")));
        Header read = Header.decode(ByteBufUtil.getBytes(out));
        assertThat(read.seq()).isEqualTo(123456789012L);
        assertThat(read.duplicate()).isTrue();
        assertThat(read.dataSize()).hasValue(64);
    }

    @Test
    void theFastParserReadsSeqAndDupAndForgetsThemOnAPlainHeader() {
        DataHeaderParser parser = new DataHeaderParser();
        long p = parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=5&data_type=json&seq=3&dup=True")), 0);
        assertThat(DataHeaderParser.size(p)).isEqualTo(5);
        assertThat(parser.seq()).isEqualTo(3);
        assertThat(parser.duplicate()).isTrue();
        parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=5&data_type=json")), 0);
        assertThat(parser.seq()).isZero();
        assertThat(parser.duplicate()).isFalse();
        // a repeated header (the parser's memory) answers its own seq again
        parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=5&data_type=json&seq=4")), 0);
        parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=5&data_type=json")), 0);
        parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=5&data_type=json&seq=4")), 0);
        assertThat(parser.seq()).isEqualTo(4);
    }

    @Test
    void aSessionsHeadersThatDifferOnlyInSeqAreReadRightOneAfterAnother() {
        DataHeaderParser parser = new DataHeaderParser();
        for (long n = 1; n <= 1200; n++) {
            long p = parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=64&data_type=bytes&seq=" + n)), 0);
            assertThat(DataHeaderParser.size(p)).isEqualTo(64);
            assertThat(DataHeaderParser.type(p)).isEqualTo(DataType.BYTES);
            assertThat(parser.seq()).isEqualTo(n);
            assertThat(parser.duplicate()).isFalse();
        }
        // the same beginning, then more than a seq: read in full
        long p = parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=64&data_type=bytes&seq=1201&dup=True")), 0);
        assertThat(DataHeaderParser.size(p)).isEqualTo(64);
        assertThat(parser.seq()).isEqualTo(1201);
        assertThat(parser.duplicate()).isTrue();
        p = parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=64&data_type=bytes&seq=1202")), 0);
        assertThat(parser.seq()).isEqualTo(1202);
        assertThat(parser.duplicate()).isFalse();
        p = parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=64&data_type=bytes&seq=1203|x")), 0);
        assertThat(parser.seq()).isEqualTo(1203);
        p = parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=640&data_type=bytes&seq=9")), 0);
        assertThat(DataHeaderParser.size(p)).isEqualTo(640);
        assertThat(parser.seq()).isEqualTo(9);
        assertThat(parser.parse(Unpooled.wrappedBuffer(wire("DATA|data_size=640&data_type=bytes&seq=x")), 0))
                .isEqualTo(DataHeaderParser.NOT_FAST);
    }

    @Test
    void theDecoderGivesEachFrameItsSeqAndPassesAcksOn() {
        List<Object> out = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                out.add(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(wire("DATA|data_size=2&data_type=bytes&seq=1")).writeBytes(new byte[] {1, 2});
        in.writeBytes(wire("ACK|seq=10"));
        // the slow lane (dup=False is left to the precise parser) reads them the same
        in.writeBytes(wire("DATA|data_size=1&data_type=bytes&seq=2&dup=False")).writeBytes(new byte[] {3});
        in.writeBytes(wire("DATA|data_size=0&data_type=bytes&seq=3&dup=True"));
        in.writeBytes(wire("DATA|data_size=20000&data_type=bytes&seq=4")).writeBytes(new byte[20000]);
        channel.writeInbound(in);
        assertThat(errors).isEmpty();
        assertThat(out).hasSize(5);
        assertThat(((DataFrame) out.get(0)).seq()).isEqualTo(1);
        assertThat(((Header) out.get(1)).seq()).isEqualTo(10);
        assertThat(((DataFrame) out.get(2)).seq()).isEqualTo(2);
        assertThat(((DataFrame) out.get(2)).possibleDuplicate()).isFalse();
        assertThat(((DataFrame) out.get(3)).seq()).isEqualTo(3);
        assertThat(((DataFrame) out.get(3)).possibleDuplicate()).isTrue();
        assertThat(((DataFrame) out.get(4)).seq()).isEqualTo(4);
        out.forEach(ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }
}
