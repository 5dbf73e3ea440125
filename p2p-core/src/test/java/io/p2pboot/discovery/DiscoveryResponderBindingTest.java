package io.p2pboot.discovery;

import static io.p2pboot.discovery.LoopbackDiscovery.WAIT;
import static io.p2pboot.discovery.LoopbackDiscovery.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pboot.pipe.Message;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.pipe.Transport;
import io.p2pboot.protocol.Header;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The responder binds where the configured broadcast arrives, so a peer configured to stay on
 * this machine cannot be reached from another host; several peers still share the port.
 */
class DiscoveryResponderBindingTest {

    private static final PipeConfig BROADCASTING = PipeConfig.builder().broadcast(true).build();

    private final List<Discovery> nodes = new ArrayList<>();
    private int port;

    @BeforeEach
    void pickPort() {
        port = LoopbackDiscovery.freePort();
    }

    @AfterEach
    void closeAll() {
        nodes.forEach(Discovery::close);
    }

    private Discovery node(String name) throws Exception {
        Discovery d = new Discovery(config(port).build(), () -> name);
        nodes.add(d);
        d.start();
        return d;
    }

    @Test
    void portZeroTakesAFreePortThatPeersToldOfItFindItOn() throws Exception {
        Discovery bob = new Discovery(config(0).build(), () -> "127.0.0.1:41003");
        nodes.add(bob);
        assertThatThrownBy(bob::probe).hasMessageContaining("start it before probing");
        bob.start();
        int taken = bob.port();
        assertThat(taken).isPositive();
        assertThat(bob.responderAddresses()).allMatch(a -> a.getPort() == taken);

        Discovery alice = new Discovery(config(taken).build(), () -> "127.0.0.1:41004");
        nodes.add(alice);
        alice.start();
        assertThat(alice.probe()).containsExactly("127.0.0.1:41003");
        assertThat(bob.probe()).containsExactly("127.0.0.1:41004");
    }

    @Test
    void withTheLoopbackBroadcastTheResponderHearsOnlyWhatIsBroadcastThere() throws Exception {
        hearsOnlyTheBroadcast(node("127.0.0.1:41002"));
    }

    /** The JDK will not bind an IPv4 socket to 127.255.255.255 on Linux: NIO takes another way there. */
    @Test
    void withTheNioTransportTooTheResponderHearsOnlyWhatIsBroadcastThere() throws Exception {
        Transport nio = Transport.createNio(1, "discovery-nio-test");
        try {
            DiscoveryConfig onNio = config(port).pipeConfig(PipeConfig.builder().loop(nio).build()).build();
            Discovery bob = new Discovery(onNio, () -> "127.0.0.1:41002");
            nodes.add(bob);
            bob.start();
            hearsOnlyTheBroadcast(bob);
            node("127.0.0.1:41003");
            try (Discovery alice = new Discovery(onNio, () -> "127.0.0.1:41001")) {
                assertThat(alice.probe()).containsExactlyInAnyOrder("127.0.0.1:41002", "127.0.0.1:41003");
            }
        } finally {
            nodes.forEach(Discovery::close);
            nio.close();
        }
    }

    private void hearsOnlyTheBroadcast(Discovery bob) throws Exception {
        assertThat(bob.responderAddress()).isEqualTo(new InetSocketAddress(BroadcastAddresses.LOOPBACK, port));
        assertThat(bob.responderAddress().getAddress().isAnyLocalAddress()).isFalse();

        try (Pipe prober = Pipe.udp().bind("127.0.0.1", 0).config(BROADCASTING).open()) {
            byte[] ping = Header.ping(Ipv4Endpoint.format(prober.localAddress())).encode();
            prober.send(ping, new InetSocketAddress("127.0.0.1", port)).join();
            assertThat(prober.recv(Duration.ofMillis(300)))
                    .as("a PING sent to an address of this host, not to the broadcast address, is not heard").isNull();
            assertThat(bob.stats().pingsReceived()).isZero();

            prober.send(ping, new InetSocketAddress(BroadcastAddresses.LOOPBACK, port)).join();
            Message pong = prober.recv(WAIT);
            assertThat(pong).isNotNull();
            assertThat(Header.decode(pong.data()).ponger()).contains("127.0.0.1:41002");
        }
    }

    @Test
    void theResponderBindsTheBroadcastAddressesOrEveryInterfaceWhenThereAreNone() throws Exception {
        // Settings only: nothing is bound or sent here.
        assertThat(DiscoveryConfig.defaults().responderAddresses()).extracting(InetAddress::getHostAddress)
                .as("discovery on every interface").containsExactly("0.0.0.0");
        assertThat(config(port).build().responderAddresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("127.255.255.255");
        assertThat(DiscoveryConfig.builder().broadcastAddresses("10.1.2.255", "192.168.7.255", "10.1.2.255").build()
                .responderAddresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("10.1.2.255", "192.168.7.255");
        assertThat(config(port).bindAddress("127.0.0.1").build().responderAddresses())
                .extracting(InetAddress::getHostAddress).as("an explicit bind address wins").containsExactly("127.0.0.1");
    }

    @Test
    void severalPeersOnOneHostAllAnswerAPeerpyStyleProberOnTheDiscoveryPort() throws Exception {
        node("127.0.0.1:41002");
        node("127.0.0.1:41003");
        // Peerpy's prober binds <its ip>:<discovery port> and names it in pinger.
        PipeConfig peerpy = PipeConfig.builder().broadcast(true).reuseAddr(true).build();
        try (Pipe prober = Pipe.udp().bind("127.0.0.1", port).config(peerpy).open()) {
            prober.send(Header.ping("127.0.0.1:" + port).encode(), new InetSocketAddress(BroadcastAddresses.LOOPBACK, port))
                    .join();
            List<String> pongers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Message pong = prober.recv(WAIT);
                assertThat(pong).isNotNull();
                pongers.add(Header.decode(pong.data()).ponger().orElseThrow());
            }
            assertThat(pongers).containsExactlyInAnyOrder("127.0.0.1:41002", "127.0.0.1:41003");
        }
        try (Discovery alice = new Discovery(config(port).build(), () -> "127.0.0.1:41001")) {
            assertThat(alice.probe()).containsExactlyInAnyOrder("127.0.0.1:41002", "127.0.0.1:41003");
        }
    }
}
