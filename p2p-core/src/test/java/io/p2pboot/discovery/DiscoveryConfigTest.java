package io.p2pboot.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryConfigTest {

    @Test
    void defaultsArePeerpysPortAndTheInterfacesBroadcastAddresses() {
        DiscoveryConfig c = DiscoveryConfig.defaults();
        assertThat(c.port()).isEqualTo(1024);
        assertThat(c.bindAddress()).as("null: derived from the broadcast addresses").isNull();
        assertThat(c.responderAddresses()).extracting(InetAddress::getHostAddress).containsExactly("0.0.0.0");
        assertThat(c.maxPeers()).isEqualTo(256);
        assertThat(c.broadcastAddresses()).as("null: computed from the interfaces").isNull();
        assertThat(c.quietPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.enabled()).isTrue();
        assertThat(c.invisible()).isFalse();
        assertThat(c.lostAfterRounds()).isEqualTo(3);
    }

    @Test
    void theDefaultBroadcastAddressesAreComputedButNeverTheLimitedBroadcast() throws Exception {
        // computed only, never sent to
        List<InetAddress> targets = BroadcastAddresses.ofUpInterfaces();
        assertThat(targets).doesNotContain(InetAddress.getByName("255.255.255.255")); // never a target
        assertThat(targets).noneMatch(InetAddress::isLoopbackAddress);
    }

    @Test
    void aBuilderRoundTrips() {
        DiscoveryConfig c = LoopbackDiscovery.config(5000).replyRate(1, 2).globalReplyRate(3, 4).maxPeers(7)
                .bindAddress("127.0.0.1").build();
        DiscoveryConfig copy = c.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(c.toString());
        assertThat(copy.broadcastAddresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("127.255.255.255");
    }

    @Test
    void badValuesAreRefusedWithTheSettingsName() {
        assertRefused(DiscoveryConfig.builder().port(-1), "discovery port");
        assertRefused(DiscoveryConfig.builder().port(65536), "discovery port");
        assertRefused(DiscoveryConfig.builder().quietPeriod(Duration.ZERO), "quiet period");
        assertRefused(DiscoveryConfig.builder().window(Duration.ofMillis(100)), "window");
        assertRefused(DiscoveryConfig.builder().interval(Duration.ofSeconds(-1)), "interval");
        assertRefused(DiscoveryConfig.builder().lostAfterRounds(0), "lost-after rounds");
        assertRefused(DiscoveryConfig.builder().maxPeers(0), "max peers");
        assertRefused(DiscoveryConfig.builder().replyRate(0, 1), "reply rate");
        assertRefused(DiscoveryConfig.builder().replyRate(1, 0), "reply burst");
        assertRefused(DiscoveryConfig.builder().globalReplyRate(Double.NaN, 1), "global reply rate");
        assertRefused(DiscoveryConfig.builder().broadcastAddresses(List.of()), "broadcast addresses");
        assertRefused(DiscoveryConfig.builder().broadcastAddresses("224.0.0.1"), "broadcast address");
        assertRefused(DiscoveryConfig.builder().broadcastAddresses(List.of(InetAddress.getLoopbackAddress(),
                ipv6())), "IPv4");
        assertThatThrownBy(() -> DiscoveryConfig.builder().broadcastAddresses("my-lan.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4 literal");
        assertThatThrownBy(() -> DiscoveryConfig.builder().bindAddress("::"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bind address");
    }

    private static InetAddress ipv6() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(DiscoveryConfig.Builder b, String setting) {
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(setting);
    }
}
