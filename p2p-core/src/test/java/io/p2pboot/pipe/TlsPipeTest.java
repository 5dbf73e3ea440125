package io.p2pboot.pipe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.pkitesting.X509Bundle;
import io.p2pboot.pipe.tls.TestPki;
import io.p2pboot.pipe.tls.TlsClientAuth;
import io.p2pboot.pipe.tls.TlsContexts;
import io.p2pboot.pipe.tls.TlsSettings;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS through pipes ({@code use_ssl}, {@code ssl_handshake}) on loopback, with certificates made
 * at test time and configured the way users do: {@link TlsSettings} with PEM files.
 */
class TlsPipeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration HANDSHAKE = Duration.ofMillis(300);

    @TempDir
    static Path dir;

    private static X509Bundle ca;
    private static X509Bundle otherCa;
    private static TestPki pki;
    /** Server certificate from {@code ca} for 127.0.0.1 and ::1, trusting {@code ca}. */
    private static TlsSettings server;
    /** Trusts {@code ca}, no certificate of its own. */
    private static TlsSettings client;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestPki.ca("pipe test CA");
        otherCa = TestPki.ca("stranger CA");
        pki = new TestPki(dir);
        server = withKey(TestPki.leaf(ca, "server", "127.0.0.1", "::1"), "server").build();
        client = TlsSettings.builder().trustCertificates(pki.caPem(ca, "ca.pem")).build();
    }

    /** PEM key and chain of {@code leaf}, trusting {@code ca}. */
    private static TlsSettings.Builder withKey(X509Bundle leaf, String name) throws Exception {
        return TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, name + "-chain.pem"))
                .privateKey(pki.keyPem(leaf, name + "-key.pem"))
                .trustCertificates(pki.caPem(ca, name + "-ca.pem"));
    }

    /** TLS with a handshake limit generous enough for a cold JVM on a busy machine. */
    private static PipeConfig tls(TlsSettings settings) {
        return tls(settings, Duration.ofSeconds(10));
    }

    private static PipeConfig tls(TlsSettings settings, Duration handshake) {
        return PipeConfig.builder().useSsl(true).tls(settings.toContexts()).sslHandshake(handshake).build();
    }

    /** A TLS echo server; {@code ups} counts clients whose handshake finished. */
    private static ServerPipe echoServer(String ip, TlsSettings settings, AtomicInteger ups) throws IOException {
        return echoServer(ip, settings, ups, new CopyOnWriteArrayList<>());
    }

    /** As above; {@code connected} gets every client's pipe as its TCP connection is accepted. */
    private static ServerPipe echoServer(String ip, TlsSettings settings, AtomicInteger ups, List<Pipe> connected)
            throws IOException {
        return Pipe.tcp().bind(ip, 0).config(tls(settings))
                .initializer((pipe, channelPipeline) -> connected.add(pipe))
                .onUp(p -> ups.incrementAndGet())
                .onMessage((m, from, p) -> p.send(m))
                .listen();
    }

    private static void assertEchoes(Pipe pipe, String text) {
        pipe.send(text.getBytes(UTF_8)).join();
        Message echo = pipe.recv(WAIT);
        assertThat(echo).as("echo of %s", text).isNotNull();
        assertThat(new String(echo.data(), UTF_8)).isEqualTo(text);
    }

    private static SSLSession session(Pipe pipe) {
        SslHandler ssl = pipe.channel().pipeline().get(SslHandler.class);
        assertThat(ssl).as("TLS handler in the pipeline of %s", pipe).isNotNull();
        assertThat(ssl.handshakeFuture().isSuccess()).isTrue();
        return ssl.engine().getSession();
    }

    private static CloseReason endOf(Pipe pipe) throws Exception {
        return pipe.endFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Pipe only(List<Pipe> connected) {
        await().atMost(WAIT).until(() -> !connected.isEmpty());
        assertThat(connected).hasSize(1);
        return connected.get(0);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static boolean ipv6Loopback() {
        try (SocketChannel probe = SocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return probe.getLocalAddress() instanceof InetSocketAddress a && a.getAddress() instanceof Inet6Address;
        } catch (IOException e) {
            return false;
        }
    }

    /** Collects the end reasons a builder's end handler sees, to check it ran exactly once. */
    private static final class Ends {
        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();

        EndHandler handler() {
            return (pipe, reason) -> reasons.add(reason);
        }

        CloseReason single() {
            await().atMost(WAIT).until(() -> !reasons.isEmpty());
            assertThat(reasons).hasSize(1);
            return reasons.get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void echoOverTls(String ip) throws Exception {
        assumeTrue(!ip.contains(":") || ipv6Loopback(), "no IPv6 loopback");
        AtomicInteger ups = new AtomicInteger();
        try (ServerPipe echo = echoServer(ip, server, ups);
             Pipe pipe = Pipe.tcp().to(echo.localAddress()).config(tls(client)).open()) {
            assertEchoes(pipe, "hello over TLS");
            assertEchoes(pipe, "and once more");

            SSLSession session = session(pipe);
            assertThat(session.getProtocol()).startsWith("TLSv1.");
            assertThat(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName())
                    .isEqualTo("CN=server");
            Pipe accepted = echo.accept(WAIT);
            assertThat(session(accepted).getCipherSuite()).isEqualTo(session.getCipherSuite());
            assertThat(ups).hasValue(1);
        }
    }

    @Test
    void cleartextToATlsServerIsRefused() throws Exception {
        AtomicInteger ups = new AtomicInteger();
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        List<Pipe> connected = new CopyOnWriteArrayList<>();
        try (ServerPipe echo = Pipe.tcp().bind("127.0.0.1", 0).config(tls(server))
                .initializer((pipe, channelPipeline) -> connected.add(pipe))
                .onUp(p -> ups.incrementAndGet())
                .onMessage((m, from, p) -> seen.add(m))
                .listen();
             Pipe plain = Pipe.tcp().to(echo.localAddress()).open()) {
            plain.send("GET / HTTP/1.0\r\n\r\n".getBytes(UTF_8)).join();

            CloseReason serverSide = endOf(only(connected));
            assertThat(serverSide.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
            assertThat(serverSide.cause()).isInstanceOf(SSLException.class);
            assertThat(endOf(plain)).isNotNull();
            assertThat(plain.isOpen()).isFalse();
            assertThat(seen).as("cleartext never reaches the handlers").isEmpty();
            assertThat(ups).hasValue(0);
        }
    }

    @Test
    void stalledHandshakeFailsTheOpenWithinSslHandshake() throws Exception {
        Ends ends = new Ends();
        // a plain TCP server that accepts and never says a word
        try (ServerPipe silent = Pipe.tcp().bind("127.0.0.1", 0).onMessage((m, from, p) -> { }).listen()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Pipe.tcp().to(silent.localAddress()).config(tls(client, HANDSHAKE))
                    .onEnd(ends.handler()).open())
                    .isInstanceOf(SslHandshakeTimeoutException.class)
                    .isInstanceOf(SSLException.class);
            assertThat(millisSince(start)).isBetween(HANDSHAKE.toMillis() - 50, 3_000L);

            CloseReason reason = ends.single();
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
            assertThat(reason.cause()).isInstanceOf(SslHandshakeTimeoutException.class);
            assertThat(ends.reasons).hasSize(1);
        }
    }

    @Test
    void serverClosesAClientThatNeverStartsTheHandshake() throws Exception {
        AtomicInteger ups = new AtomicInteger();
        List<Pipe> connected = new CopyOnWriteArrayList<>();
        try (ServerPipe echo = Pipe.tcp().bind("127.0.0.1", 0).config(tls(server, HANDSHAKE))
                .initializer((pipe, channelPipeline) -> connected.add(pipe))
                .onUp(p -> ups.incrementAndGet())
                .listen();
             Pipe mute = Pipe.tcp().to(echo.localAddress()).onMessage((m, from, p) -> { }).open()) {
            long start = System.nanoTime();

            CloseReason reason = endOf(only(connected));

            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
            assertThat(millisSince(start)).isLessThan(3_000L);
            assertThat(endOf(mute).kind())
                    .isEqualTo(CloseReason.Kind.REMOTE);
            assertThat(ups).hasValue(0);
        }
    }

    @Test
    void untrustedServerFailsTheOpenAndTheServerGoesOn() throws Exception {
        X509Bundle stranger = TestPki.leaf(otherCa, "stranger", "127.0.0.1");
        AtomicInteger ups = new AtomicInteger();
        List<Pipe> connected = new CopyOnWriteArrayList<>();
        try (ServerPipe echo = echoServer("127.0.0.1", withKey(stranger, "stranger").build(), ups, connected)) {
            Ends ends = new Ends();
            assertThatThrownBy(() -> Pipe.tcp().to(echo.localAddress()).config(tls(client))
                    .onEnd(ends.handler()).open())
                    .isInstanceOf(SSLException.class)
                    .hasMessageContaining("certification path");
            assertThat(ends.single().kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
            assertThat(endOf(only(connected)).kind()).isEqualTo(CloseReason.Kind.PROTOCOL);

            TlsSettings trustsStranger = TlsSettings.builder()
                    .trustCertificates(pki.caPem(otherCa, "other-ca.pem")).build();
            try (Pipe ok = Pipe.tcp().to(echo.localAddress()).config(tls(trustsStranger)).open()) {
                assertEchoes(ok, "still serving");
            }
            assertThat(ups).hasValue(1);
            assertThat(ends.reasons).hasSize(1);
        }
    }

    @Test
    void hostnameMismatchFailsTheOpenAndTheServerGoesOn() throws Exception {
        X509Bundle elsewhere = TestPki.leaf(ca, "elsewhere", "127.0.0.2");
        AtomicInteger ups = new AtomicInteger();
        try (ServerPipe echo = echoServer("127.0.0.1", withKey(elsewhere, "elsewhere").build(), ups)) {
            Ends ends = new Ends();
            assertThatThrownBy(() -> Pipe.tcp().to(echo.localAddress()).config(tls(client))
                    .onEnd(ends.handler()).open())
                    .isInstanceOf(SSLException.class)
                    .hasMessageContaining("127.0.0.1");
            assertThat(ends.single().kind()).isEqualTo(CloseReason.Kind.PROTOCOL);

            TlsSettings lenient = TlsSettings.builder().trustCertificates(pki.caPem(ca, "lenient-ca.pem"))
                    .hostnameVerification(false).build();
            try (Pipe ok = Pipe.tcp().to(echo.localAddress()).config(tls(lenient)).open()) {
                assertEchoes(ok, "still serving");
            }
            assertThat(ups).hasValue(1);
        }
    }

    @Test
    void mutualTlsRequiresAClientCertificate() throws Exception {
        TlsSettings mutual = withKey(TestPki.leaf(ca, "server", "127.0.0.1"), "mtls-server")
                .clientAuth(TlsClientAuth.REQUIRE).build();
        TlsSettings withCertificate = withKey(TestPki.leaf(ca, "client", "127.0.0.1"), "mtls-client").build();
        AtomicInteger ups = new AtomicInteger();
        List<Pipe> connected = new CopyOnWriteArrayList<>();
        try (ServerPipe echo = echoServer("127.0.0.1", mutual, ups, connected)) {
            try (Pipe pipe = Pipe.tcp().to(echo.localAddress()).config(tls(withCertificate)).open()) {
                assertEchoes(pipe, "mutual");
                X509Certificate presented = (X509Certificate) session(only(connected)).getPeerCertificates()[0];
                assertThat(presented.getSubjectX500Principal().getName()).isEqualTo("CN=client");
            }

            // Without a certificate: TLS 1.2 fails the open; TLS 1.3 finishes the client's side of
            // the handshake first, then the server's alert ends the pipe. Either way no data flows.
            Ends ends = new Ends();
            try (Pipe pipe = Pipe.tcp().to(echo.localAddress()).config(tls(client)).onEnd(ends.handler()).open()) {
                pipe.send("let me in".getBytes(UTF_8));
                assertThat(pipe.recv(WAIT)).isNull();
            } catch (SSLException expected) {
                // the TLS 1.2 way
            }
            CloseReason reason = ends.single();
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
            assertThat(reason.cause()).isInstanceOf(SSLException.class);
            assertThat(connected).hasSize(2);
            assertThat(endOf(connected.get(1)).kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
            assertThat(ups).hasValue(1);
        }
    }

    @Test
    void aFailedHandshakeClosesEvenWithDoCloseOff() throws Exception {
        List<Pipe> connected = new CopyOnWriteArrayList<>();
        PipeConfig lenient = tls(server, HANDSHAKE).toBuilder().doClose(false).build();
        try (ServerPipe echo = Pipe.tcp().bind("127.0.0.1", 0).config(lenient)
                .initializer((pipe, channelPipeline) -> connected.add(pipe))
                .listen();
             Pipe mute = Pipe.tcp().to(echo.localAddress()).onMessage((m, from, p) -> { }).open()) {
            Pipe stalled = only(connected);

            assertThat(endOf(stalled).kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
            assertThat(stalled.errors()).isEqualTo(1);
        }
    }

    @Test
    void aWrappedSocketSpeaksTlsWhenUseSslIsOn() throws Exception {
        try (ServerPipe echo = echoServer("127.0.0.1", server, new AtomicInteger());
             SocketChannel socket = SocketChannel.open(echo.localAddress());
             Pipe pipe = Pipe.tcp().wrap(socket).config(tls(client)).open()) {
            assertEchoes(pipe, "wrapped and encrypted");
            assertThat(session(pipe).getProtocol()).startsWith("TLSv1.");
        }
    }

    @Test
    void missingContextForTheRoleFailsTheOpen() throws Exception {
        PipeConfig clientOnly = tls(client);
        assertThatThrownBy(() -> Pipe.tcp().bind("127.0.0.1", 0).config(clientOnly).listen())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("server certificate");
        try (ServerPipe echo = echoServer("127.0.0.1", server, new AtomicInteger())) {
            PipeConfig serverOnly = PipeConfig.builder().useSsl(true)
                    .tls(TlsContexts.of(server.serverContext(), null)).build();
            assertThatThrownBy(() -> Pipe.tcp().to(echo.localAddress()).config(serverOnly).open())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("client TLS settings");
        }
    }
}
