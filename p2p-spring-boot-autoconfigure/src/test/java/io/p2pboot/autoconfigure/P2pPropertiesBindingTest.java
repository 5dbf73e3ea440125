package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.pipe.Transport;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.FrameDecoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every {@code p2p.*} property reaches the peer's configuration, and bad values name the property. */
class P2pPropertiesBindingTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    @Test
    void peerPropertiesReachThePeerConfig() {
        runner.withPropertyValues("p2p.address=127.0.0.2", "p2p.port=0", "p2p.data-type=raw", "p2p.strict=false",
                "p2p.stream=true", "p2p.stream-size=256B", "p2p.timeout=3s", "p2p.max-connections=9",
                "p2p.max-message-size=2MB", "p2p.inbound-buffer=512KB", "p2p.max-buffered=64MB", "p2p.keep-alive=1s", "p2p.dead-after=7s", "p2p.stop-timeout=4s")
                .run(context -> {
                    PeerConfig c = context.getBean(PeerConfig.class);
                    assertThat(c.address()).isEqualTo("127.0.0.2");
                    assertThat(c.dataType()).isEqualTo(DataType.RAW);
                    assertThat(c.strict()).isFalse();
                    assertThat(c.stream()).isTrue();
                    assertThat(c.streamSize()).isEqualTo(256);
                    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.maxConnections()).isEqualTo(9);
                    assertThat(c.maxMessageSize()).isEqualTo(2 * 1024 * 1024);
                    assertThat(c.inboundBuffer()).isEqualTo(512 * 1024);
                    assertThat(c.maxBuffered()).isEqualTo(64L * 1024 * 1024);
                    assertThat(c.keepAlive()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(c.deadAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(c.stopTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(context.getBean(Peer.class).name()).startsWith("127.0.0.2:");
                });
    }

    @Test
    void theAdvertisedAddressNamesThePeerAndMustBeAnIpOthersCanReach() {
        runner.withPropertyValues("p2p.advertised-address=127.0.0.3").run(context -> {
            assertThat(context.getBean(PeerConfig.class).advertisedAddress()).isEqualTo(InetAddress.getByName("127.0.0.3"));
            assertThat(context.getBean(Peer.class).name()).matches("127\\.0\\.0\\.3:[1-9][0-9]*");
        });
        runner.withPropertyValues("p2p.advertised-address=0.0.0.0").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessage("p2p.advertised-address must be an address others can reach, not the wildcard 0.0.0.0"));
        runner.withPropertyValues("p2p.advertised-address=peer.example").run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("p2p.advertised-address must be an IP address, was 'peer.example'"));
    }

    @ParameterizedTest(name = "p2p.address={0}")
    @CsvSource(delimiter = '|', value = {"127.0.0.1|127.0.0.1", "LOCALHOST|localhost", "localhost|localhost"})
    void theAddressIsAnIpInAnySpellingOrLocalhostAndThePeerIsNamedByItsIp(String given, String kept) {
        runner.withPropertyValues("p2p.address=" + given).run(context -> {
            assertThat(context.getBean(PeerConfig.class).address()).isEqualTo(kept);
            assertThat(context.getBean(Peer.class).name()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        });
    }

    @Test
    void anIpv6AddressIsKeptInItsRfc5952Form() {
        for (String given : new String[] {"0:0:0:0:0:0:0:1", "[::1]", "::1"}) {
            P2pProperties p = new P2pProperties();
            p.setAddress(given);
            assertThat(p.getAddress()).as(given).isEqualTo("::1");
        }
    }

    @Test
    void aBadAddressIsQuotedShortInTheFailure() {
        String huge = "x".repeat(10 * 1024 * 1024);
        runner.withPropertyValues("p2p.address=" + huge).run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("p2p.address: bad address 'xxx")
                .hasStackTraceContaining("...(10485760 chars)': too long for a host")
                .satisfies(e -> assertThat(stackTrace(e)).hasSizeLessThan(100_000)));
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void pipePropertiesReachThePipeConfig() {
        runner.withPropertyValues("p2p.pipe.dns-timeout=3s", "p2p.pipe.ssl-handshake=5s", "p2p.pipe.sock-proto=6",
                "p2p.pipe.recv-timeout=4s", "p2p.pipe.con-timeout=6s", "p2p.pipe.max-qsize=5",
                "p2p.pipe.enable-msg-ids=true", "p2p.pipe.max-msg-ids=50", "p2p.pipe.reuse-addr=true",
                "p2p.pipe.broadcast=true", "p2p.pipe.reader-limit=128KB", "p2p.pipe.do-close=false",
                "p2p.pipe.linger=0s", "p2p.pipe.send-retry=4", "p2p.pipe.io-threads=1")
                .run(context -> {
                    PipeConfig p = context.getBean(PeerConfig.class).pipe();
                    assertThat(p.dnsTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.useSsl()).isFalse();
                    assertThat(p.sslHandshake()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(p.sockProto()).isEqualTo(6);
                    assertThat(p.recvTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(p.conTimeout()).isEqualTo(Duration.ofSeconds(6));
                    assertThat(p.maxQsize()).isEqualTo(5);
                    assertThat(p.enableMsgIds()).isTrue();
                    assertThat(p.maxMsgIds()).isEqualTo(50);
                    assertThat(p.reuseAddr()).isTrue();
                    assertThat(p.broadcast()).isTrue();
                    assertThat(p.readerLimit()).isEqualTo(128 * 1024);
                    assertThat(p.doClose()).isFalse();
                    assertThat(p.linger()).isEqualTo(Duration.ZERO);
                    assertThat(p.sendRetry()).isEqualTo(4);
                    // io-threads: the peer runs on event loops of its own, not the shared ones.
                    assertThat(p.loop()).isNotSameAs(Transport.shared());
                    assertThat(context.getBean(Peer.class).isListening()).isTrue();
                });
    }

    @Test
    void discoveryPropertiesReachTheDiscoveryConfig() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        runner.withPropertyValues("p2p.discovery.enabled=true", "p2p.discovery.port=" + port, "p2p.invisible=true",
                "p2p.discovery.broadcast-address=127.255.255.255", "p2p.discovery.bind-address=127.0.0.1",
                "p2p.discovery.window=1500ms", "p2p.discovery.quiet-period=200ms", "p2p.discovery.interval=9s",
                "p2p.discovery.lost-after=4", "p2p.discovery.max-peers=17")
                .run(context -> {
                    DiscoveryConfig d = context.getBean(PeerConfig.class).discovery();
                    assertThat(d.port()).isEqualTo(port);
                    assertThat(d.invisible()).isTrue();
                    assertThat(d.broadcastAddresses()).containsExactly(InetAddress.getByName("127.255.255.255"));
                    assertThat(d.bindAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
                    assertThat(d.window()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(d.quietPeriod()).isEqualTo(Duration.ofMillis(200));
                    assertThat(d.interval()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(d.lostAfterRounds()).isEqualTo(4);
                    assertThat(d.maxPeers()).isEqualTo(17);
                    assertThat(context.getBean(Peer.class).isInvisible()).isTrue();
                });
        runner.run(context -> assertThat(context.getBean(PeerConfig.class).discovery()).isNull());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        runner.run(context -> {
            PeerConfig c = context.getBean(PeerConfig.class);
            assertThat(c.address()).isEqualTo("127.0.0.1");
            assertThat(c.dataType()).isEqualTo(DataType.JSON);
            assertThat(c.strict()).isTrue();
            assertThat(c.maxMessageSize()).isEqualTo(16 * 1024 * 1024)
                    .isEqualTo(FrameDecoder.DEFAULT_MAX_MESSAGE_SIZE)
                    .isEqualTo(PeerConfig.builder().build().maxMessageSize());
            assertThat(c.maxBuffered()).isEqualTo(256L * 1024 * 1024);
            assertThat(c.maxConnections()).isEqualTo(1024);
            assertThat(c.pipe().readerLimit()).isEqualTo(64 * 1024);
            assertThat(c.pipe().loop()).isSameAs(Transport.shared());
            P2pProperties p = new P2pProperties();
            assertThat(p.getDiscovery().getPort()).isEqualTo(1024);
            assertThat(p.getDiscovery().isEnabled()).isTrue();
            assertThat(p.getDiscovery().getBroadcastAddress()).isEqualTo(List.of());
            assertThat(p.getDiscovery().getMaxPeers()).isEqualTo(256);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "p2p.port=70000;p2p.port",
            "p2p.address=peer.local;p2p.address",
            "p2p.data-type=xml;p2p.data-type",
            "p2p.timeout=0s;p2p.timeout",
            "p2p.max-connections=-1;p2p.max-connections",
            "p2p.max-message-size=0B;p2p.max-message-size",
            "p2p.inbound-buffer=0B;p2p.inbound-buffer",
            "p2p.max-buffered=0B;p2p.max-buffered",
            "p2p.pipe.reader-limit=0B;p2p.pipe.reader-limit",
            "p2p.pipe.send-retry=-2;p2p.pipe.send-retry",
            "p2p.pipe.con-timeout=-1s;p2p.pipe.con-timeout",
            "p2p.discovery.lost-after=0;p2p.discovery.lost-after",
            "p2p.discovery.max-peers=0;p2p.discovery.max-peers",
            "p2p.discovery.port=-1;p2p.discovery.port",
            "p2p.discovery.broadcast-address=everyone;p2p.discovery.broadcast-address",
            "p2p.ssl.client-auth=sometimes;p2p.ssl.client-auth"})
    void anInvalidValueFailsStartUpNamingTheProperty(String setting, String property) {
        runner.withPropertyValues(setting).run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining(property));
    }

    @Test
    void aStreamSizeWithoutStreamingFailsStartUpRatherThanBeingIgnored() {
        runner.withPropertyValues("p2p.stream-size=64B").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("p2p.stream-size is 64B but p2p.stream is false"));
    }

    @Test
    void aMaxBufferedBelowTheMaxMessageSizeFailsStartUpNamingBoth() {
        runner.withPropertyValues("p2p.max-buffered=8MB").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("p2p.max-buffered is 8388608B but p2p.max-message-size is 16777216B"));
    }

    @Test
    void useSslWithoutABundleFailsStartUpSayingWhatIsMissing() {
        runner.withPropertyValues("p2p.pipe.use-ssl=true").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("p2p.pipe.use-ssl is true but no p2p.ssl.bundle"));
    }
}
