package io.p2pboot.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.pipe.Route;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StunClient} over UDP pipes, against a real coturn on loopback (no NAT there, so the
 * mapped address is the pipe's own) and against fake servers made of pipes. Loopback only.
 */
class StunClientTest {

    private static final Duration TRY = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static StunServerProcess coturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = StunServerProcess.start();
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
            assertThat(coturn.isAlive()).isFalse();
        }
    }

    @Test
    void ipv4MappedAddressIsThePipesOwnAddress() throws Exception {
        try (Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).open()) {
            assertThat(StunClient.mappedAddress(pipe, coturn.ipv4Address(), TRY)).isEqualTo(pipe.localAddress());
        }
    }

    @Test
    void ipv6MappedAddressIsThePipesOwnAddress() throws Exception {
        assumeTrue(coturn.ipv6Address().isPresent(), "no loopback IPv6 (::1) on this machine");
        try (Pipe pipe = Pipe.udp().bind("::1", 0).open()) {
            InetSocketAddress mapped = StunClient.mappedAddressAsync(pipe, coturn.ipv6Address().get(), TRY)
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(mapped).isEqualTo(pipe.localAddress());
        }
    }

    @Test
    void aPipeOfItsOwnBoundToALocalAddress() throws Exception {
        InetSocketAddress mapped = StunClient.mappedAddress(Pipe.udp().bind("127.0.0.1", 0), coturn.ipv4Address(), TRY);

        assertThat(mapped.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(mapped.getPort()).isPositive();
    }

    @Test
    void aPipeOfItsOwnOnARoutePicksTheServersFamily() throws Exception {
        assumeTrue(coturn.ipv6Address().isPresent(), "no loopback IPv6 (::1) on this machine");
        Route loopback = Route.address(InetAddress.getByName("127.0.0.1"));
        Route both = new Route("loopback", List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")));

        assertThat(StunClient.mappedAddress(Pipe.udp().route(loopback), coturn.ipv4Address(), TRY).getAddress())
                .isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(StunClient.mappedAddressAsync(Pipe.udp().route(both), coturn.ipv6Address().get(), TRY)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getAddress())
                .isEqualTo(InetAddress.getByName("::1"));
    }

    @Test
    void aSilentServerGetsOnePlusSendRetryRequestsThenTimesOut() throws Exception {
        List<byte[]> requests = new CopyOnWriteArrayList<>();
        Duration tryFor = Duration.ofMillis(200);
        PipeConfig twoRetries = PipeConfig.builder().sendRetry(2).build();
        try (Pipe silent = Pipe.udp().bind("127.0.0.1", 0).onMessage((m, from, p) -> requests.add(m)).open();
             Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).config(twoRetries).open()) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> StunClient.mappedAddress(pipe, silent.localAddress(), tryFor))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("after 3 tries");

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(550L, 3_000L);
            await().atMost(WAIT).until(() -> requests.size() >= 3);
            assertThat(requests).hasSize(3);
            byte[] transaction = StunMessage.transactionId(requests.get(0));
            for (byte[] request : requests) {
                assertThat(StunMessage.isStunMessage(request)).isTrue();
                assertThat(StunMessage.transactionId(request)).as("a resend keeps its transaction id")
                        .isEqualTo(transaction);
            }
        }
    }

    @Test
    void withoutRetriesThereIsOneRequest() throws Exception {
        List<byte[]> requests = new CopyOnWriteArrayList<>();
        try (Pipe silent = Pipe.udp().bind("127.0.0.1", 0).onMessage((m, from, p) -> requests.add(m)).open();
             Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).config(PipeConfig.builder().sendRetry(0).build()).open()) {
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> StunClient.mappedAddressAsync(pipe, silent.localAddress(), Duration.ofMillis(200))
                            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));

            assertThat(failure.getCause()).isInstanceOf(SocketTimeoutException.class);
            await().atMost(WAIT).until(() -> !requests.isEmpty());
            assertThat(requests).hasSize(1);
        }
    }

    @Test
    void aMalformedAnswerIsAStunException() throws Exception {
        // a Binding success whose XOR-MAPPED-ADDRESS has an address family that does not exist
        try (Pipe fake = Pipe.udp().bind("127.0.0.1", 0)
                .onMessage((m, from, p) -> p.send(answer(m, xorMapped(7, from)), from)).open();
             Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).open()) {
            assertThatThrownBy(() -> StunClient.mappedAddress(pipe, fake.localAddress(), TRY))
                    .isInstanceOf(StunException.class)
                    .hasMessageContaining("unknown address family");
        }
    }

    @Test
    void anErrorResponseIsAStunExceptionWithTheCode() throws Exception {
        byte[] errorCode = ByteBuffer.allocate(4 + 12).put(new byte[] {0, 0, 4, 20})
                .put("Unknown attr".getBytes(StandardCharsets.US_ASCII)).array();
        try (Pipe fake = Pipe.udp().bind("127.0.0.1", 0)
                .onMessage((m, from, p) -> p.send(response(0x0111, m, attribute(0x0009, errorCode)), from)).open();
             Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).open()) {
            assertThatThrownBy(() -> StunClient.mappedAddress(pipe, fake.localAddress(), TRY))
                    .isInstanceOfSatisfying(StunException.class, e -> assertThat(e.errorCode()).isEqualTo(420));
        }
    }

    @Test
    void noiseOtherTransactionsAndOtherSendersAreIgnored() throws Exception {
        InetSocketAddress decoy = new InetSocketAddress(InetAddress.getByName("127.9.9.9"), 9);
        try (Pipe spoofer = Pipe.udp().bind("127.0.0.1", 0).open();
             Pipe fake = Pipe.udp().bind("127.0.0.1", 0).onMessage((m, from, p) -> {
                 // the right transaction but from another socket, then noise, then the real answer
                 spoofer.send(answer(m, xorMapped(1, decoy)), from).join();
                 p.send("not STUN at all".getBytes(StandardCharsets.US_ASCII), from).join();
                 byte[] other = answer(m, xorMapped(1, decoy));
                 other[8] ^= 1;
                 p.send(other, from).join();
                 p.send(answer(m, xorMapped(1, from)), from);
             }).open();
             Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).open()) {
            assertThat(StunClient.mappedAddress(pipe, fake.localAddress(), TRY)).isEqualTo(pipe.localAddress());
        }
    }

    @Test
    void onlyUdpPipesAndResolvedServers() throws Exception {
        try (Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).open()) {
            assertThatThrownBy(() -> StunClient.mappedAddress(pipe,
                    InetSocketAddress.createUnresolved("stun.invalid", 3478), TRY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not resolved");
        }
        assertThatThrownBy(() -> StunClient.mappedAddress(Pipe.tcp(), coturn.ipv4Address(), TRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UDP");
    }

    /** A Binding success answering {@code request} (same transaction id) with one attribute. */
    private static byte[] answer(byte[] request, byte[] attribute) {
        return response(0x0101, request, attribute);
    }

    private static byte[] response(int type, byte[] request, byte[] attribute) {
        return StunMessageTest.response(type, Arrays.copyOfRange(request, 8, 20), attribute);
    }

    private static byte[] attribute(int type, byte[] value) {
        return StunMessageTest.attribute(type, value);
    }

    /** XOR-MAPPED-ADDRESS of an IPv4 address, with the given family byte (1 is IPv4). */
    private static byte[] xorMapped(int family, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] cookie = ByteBuffer.allocate(4).putInt(StunMessage.MAGIC_COOKIE).array();
        ByteBuffer value = ByteBuffer.allocate(8).put((byte) 0).put((byte) family)
                .putShort((short) (address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16)));
        for (int i = 0; i < 4; i++) {
            value.put((byte) (ip[i] ^ cookie[i]));
        }
        return attribute(0x0020, value.array());
    }
}
