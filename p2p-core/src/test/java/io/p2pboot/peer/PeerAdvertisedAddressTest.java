package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.protocol.DataType;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An advertised address is the IP others are given: in the peer's name and in its HELLO. On
 * loopback 127.0.0.3 stands for the address a container's host would give.
 */
class PeerAdvertisedAddressTest {

    @Test
    void theNameAndTheHelloCarryTheAdvertisedIpWithTheListeningPort() throws Exception {
        try (Peer alice = Peer.create(PeerConfig.builder().advertisedAddress("127.0.0.3").keepAlive(Duration.ZERO).build())
                .start();
             ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            assertThat(alice.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(alice.name()).isEqualTo("127.0.0.3:" + alice.address().getPort());

            alice.connectAsync("127.0.0.1:" + listener.getLocalPort(), ConnectOptions.of(DataType.JSON));
            try (RawPeer other = new RawPeer(listener.accept())) {
                assertThat(other.read(128)).isEqualTo(RawPeer.header("HELLO|peer_name=127.0.0.3:"
                        + alice.address().getPort() + "&data_type=json&strict=True"));
            }
        }
    }

    @Test
    void discoveryRepliesGiveTheAdvertisedName() throws Exception {
        int port;
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        DiscoveryConfig discovery = DiscoveryConfig.builder().port(port).broadcastAddresses("127.255.255.255")
                .quietPeriod(Duration.ofMillis(300)).window(Duration.ofMillis(800)).replyRate(100, 100).build();
        try (Peer alice = Peer.create(PeerConfig.builder().advertisedAddress("127.0.0.3").discovery(discovery).build())
                .start();
             Peer bob = Peer.create(PeerConfig.builder().discovery(discovery).build()).start()) {
            assertThat(bob.discover()).contains(alice.name()).allMatch(n -> !n.equals("127.0.0.1:" + alice.address().getPort()));
        }
    }

    @Test
    void theWildcardIsNoAdvertisedAddress() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PeerConfig.builder().advertisedAddress("0.0.0.0").build())
                .withMessageContaining("not the wildcard 0.0.0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> PeerConfig.builder().advertisedAddress("host.example").build());
    }
}
