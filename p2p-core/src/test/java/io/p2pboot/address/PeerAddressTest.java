package io.p2pboot.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pboot.pipe.PipeConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one address grammar: every spelling of an address reads as one value written one way,
 * what is not an address is refused with the text quoted short, and names are taken only where
 * the caller allows them (resolved here for {@code localhost} only, from the hosts file).
 */
class PeerAddressTest {

    private static final PipeConfig PIPE = PipeConfig.builder().dnsTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:5000                          | 127.0.0.1:5000
            10.0.0.7:1                              | 10.0.0.7:1
            255.255.255.254:65535                   | 255.255.255.254:65535
            0.0.0.0:80                              | 0.0.0.0:80
            [::1]:5000                              | [::1]:5000
            [0:0:0:0:0:0:0:1]:5000                  | [::1]:5000
            [0::1]:5000                             | [::1]:5000
            [0000:0000:0000:0000:0000:0000:0000:0001]:5000 | [::1]:5000
            [::]:5000                               | [::]:5000
            [2001:DB8::1]:443                       | [2001:db8::1]:443
            [2001:db8:0:0:1:0:0:1]:443              | [2001:db8::1:0:0:1]:443
            [2001:db8:0:1:1:1:1:1]:443              | [2001:db8:0:1:1:1:1:1]:443
            [2001:0db8:0000:0000:0000:ff00:0042:8329]:1 | [2001:db8::ff00:42:8329]:1
            [1:2:3:4:5:6:7::]:9                     | [1:2:3:4:5:6:7:0]:9
            [1:2:3:4:5:6:1.2.3.4]:9                 | [1:2:3:4:5:6:102:304]:9
            [::ffff:127.0.0.1]:5000                 | 127.0.0.1:5000
            [::FFFF:7F00:1]:5000                    | 127.0.0.1:5000
            [0:0:0:0:0:ffff:10.0.0.7]:5000          | 10.0.0.7:5000
            """)
    void everySpellingReadsAsOneAddressWrittenOneWay(String given, String canonical) {
        PeerAddress address = PeerAddress.parse(given);
        assertThat(address).hasToString(canonical);
        assertThat(PeerAddress.parse(canonical)).isEqualTo(address).hasSameHashCodeAs(address);
        assertThat(PeerAddress.canonical(given)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", ":", "127.0.0.1", "127.0.0.1:", ":80", "localhost", "[::1]", "[::1]5000",
        "[::1:5000", "::1]:5000", "127.0.0.256:1", "127.0.0:1", "127.1:80", "1.2.3.4.5:80", "127.0.0.01:80",
        "0127.0.0.1:80", "[127.0.0.1]:80", "[1::2::3]:80", "[:::1]:80", "[1:2:3:4:5:6:7:8:9]:80", "[12345::1]:80",
        "[1:2:3:4:5:6:7:8::]:80", "[::1.2.3]:80", "[::g]:80", "[::1 ]:80", "[ ::1]:80", "127.0.0.1:80 ",
        " 127.0.0.1:80", "127.0.0.1:8 0", "127.0.0.1:80:80", "x:80", "-x:80", "a..b:80", "a_b:80", "1.2.3.a-:80"})
    void whatIsNotAnAddressIsRefused(String given) {
        assertThat(PeerAddress.tryParse(given)).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse(given))
                .withMessageStartingWith("bad address '");
        assertThat(PeerAddress.canonical(given)).isEqualTo(given);
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(strings = {"+80", " 80", "80 ", "0", "65536", "080", "00", "-1", "99999999999", "8O", "\u0661\u0662"})
    void aPortIsOneTo65535InPlainDigits(String port) {
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("127.0.0.1:" + port))
                .withMessageContaining("the port must be 1 to 65535 in plain digits");
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("[::1]:" + port))
                .withMessageContaining("the port must be 1 to 65535 in plain digits");
    }

    @Test
    void thePortsAtTheEndsAreTaken() {
        assertThat(PeerAddress.parse("127.0.0.1:1").port()).isEqualTo(1);
        assertThat(PeerAddress.parse("127.0.0.1:65535").port()).isEqualTo(65535);
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.of(InetAddress.getLoopbackAddress(), 0));
    }

    @Test
    void anIpv6AddressWithoutBracketsIsRefusedWithTheBracketedSpelling() {
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("::1:48967"))
                .withMessage("bad address '::1:48967': an IPv6 address goes in brackets before its port, as in"
                        + " [::1]:48967");
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("0:0:0:0:0:0:0:1:80"))
                .withMessageEndingWith("as in [::1]:80");
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("::1:+80"))
                .withMessageEndingWith("as in [::1]:5000");
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("127.0.0.1:80:80"))
                .withMessage("bad address '127.0.0.1:80:80': one ':' goes before the port; write ip:port or [ipv6]:port");
    }

    @Test
    void aZoneIdIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("[fe80::1%eth0]:5000"))
                .withMessageContaining("zone ids");
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parseHost("fe80::1%1"))
                .withMessageContaining("zone ids");
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4AddressItMaps() {
        PeerAddress mapped = PeerAddress.parse("[::ffff:127.0.0.1]:5000");
        assertThat(mapped.ip()).isInstanceOf(Inet4Address.class);
        assertThat(mapped).isEqualTo(PeerAddress.parse("127.0.0.1:5000"));
    }

    @Test
    void hostNamesAreTakenOnlyWhereTheCallerAllowsThem() throws Exception {
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("localhost:5000"))
                .withMessage("bad address 'localhost:5000': a host name is not taken here, only an IP address");
        assertThat(PeerAddress.tryParse("peer-1.example:5000")).isNull();

        PeerAddress resolved = PeerAddress.resolve("LocalHost:5000", PIPE).get(5, TimeUnit.SECONDS);
        assertThat(resolved.ip().isLoopbackAddress()).isTrue();
        assertThat(resolved.port()).isEqualTo(5000);
        assertThat(resolved.toString()).doesNotContain("localhost");
        assertThat(PeerAddress.resolve("[::1]:5000", PIPE)).isCompletedWithValue(PeerAddress.parse("[::1]:5000"));
        assertThat(PeerAddress.resolveHost("localhost", PIPE).get(5, TimeUnit.SECONDS).isLoopbackAddress()).isTrue();
        assertThat(PeerAddress.resolve(InetSocketAddress.createUnresolved("localhost", 7), PIPE)
                .get(5, TimeUnit.SECONDS).port()).isEqualTo(7);
    }

    @Test
    void aBadNameFailsTheFutureWithoutALookup() {
        assertThat(PeerAddress.resolve("a_b:80", PIPE)).isCompletedExceptionally();
        assertThatThrownBy(() -> PeerAddress.resolve("localhost:0", PIPE).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerAddress.resolve(InetSocketAddress.createUnresolved("a_b", 80), PIPE).join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeTextIsQuotedToItsFirst100CharactersEscaped() {
        String huge = "\n" + "9".repeat(10 * 1024 * 1024);
        for (Runnable read : new Runnable[] {() -> PeerAddress.parse(huge), () -> PeerAddress.parseHost(huge),
            () -> PeerAddress.resolve(huge, PIPE).join()}) {
            assertThatThrownBy(read::run).satisfies(e -> {
                Throwable bad = e instanceof CompletionException ? e.getCause() : e;
                assertThat(bad).isInstanceOf(IllegalArgumentException.class);
                assertThat(bad.getMessage()).hasSizeLessThan(220)
                        .contains("'\\u000a" + "9".repeat(99) + "...(" + huge.length() + " chars)'")
                        .doesNotContain("\n");
            });
        }
        assertThat(PeerAddress.format(huge, 80)).hasSizeLessThan(150);
    }

    @Test
    void aListeningHostIsAnIpInAnySpellingOrLocalhost() {
        assertThat(PeerAddress.parseHost("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(PeerAddress.parseHost("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(PeerAddress.parseHost("[0:0:0:0:0:0:0:1]")).isEqualTo("::1");
        assertThat(PeerAddress.parseHost("::")).isEqualTo("::");
        assertThat(PeerAddress.parseHost("LocalHost")).isEqualTo("localhost");
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parseHost("peer.local"))
                .withMessage("bad address 'peer.local': a listening address is an IP address or localhost, not another"
                        + " host name");
        assertThat(PeerAddress.resolveHost("peer.local", PIPE)).isCompletedExceptionally();
        for (String bad : new String[] {"", "127.0.0.1:80", "[::1]:80", "127.1", "a b", "[127.0.0.1]"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> PeerAddress.parseHost(bad));
        }
    }

    @Test
    void anIpAloneIsNeverAName() throws Exception {
        assertThat(PeerAddress.parseIp("127.0.0.1")).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(PeerAddress.parseIp("[0:0:0:0:0:0:0:1]")).isEqualTo(InetAddress.getByName("::1"));
        assertThat(PeerAddress.format(PeerAddress.parseIp("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parseIp("localhost"))
                .withMessageContaining("only an IP address");
    }

    @Test
    void aHostAndPortAreWrittenAsOneText() {
        assertThat(PeerAddress.format("0:0:0:0:0:0:0:1", 5000)).isEqualTo("[::1]:5000");
        assertThat(PeerAddress.format("127.0.0.1", 0)).isEqualTo("127.0.0.1:0");
        assertThat(PeerAddress.format("localhost", 5000)).isEqualTo("localhost:5000");
    }

    @Test
    void anIpv4AddressIsWrittenAsAPythonPeerWritesIt() throws Exception {
        // Peerpy's f"{ip}:{port}": the bytes of an IPv4 name never change
        PeerAddress address = PeerAddress.of(new InetSocketAddress(InetAddress.getByName("192.168.1.20"), 50123));
        assertThat(address).hasToString("192.168.1.20:50123");
        assertThat(address.socketAddress()).isEqualTo(new InetSocketAddress("192.168.1.20", 50123));
    }

    @Test
    void anUnresolvedSocketAddressIsNotAnAddressYet() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PeerAddress.of(InetSocketAddress.createUnresolved("localhost", 80)))
                .withMessageContaining("unresolved");
    }
}
