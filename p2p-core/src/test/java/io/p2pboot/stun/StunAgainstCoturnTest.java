package io.p2pboot.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our Binding request against a real coturn on loopback. On loopback there is no NAT, so the
 * mapped address must be the client socket's own address and port.
 */
class StunAgainstCoturnTest {

    private static StunServerProcess server;

    @BeforeAll
    static void startCoturn() throws Exception {
        server = StunServerProcess.start();
    }

    @AfterAll
    static void stopCoturn() {
        if (server != null) {
            server.close();
            assertThat(server.isAlive()).as("turnserver still running after close").isFalse();
        }
    }

    @Test
    void ipv4MappedAddressIsTheSocketItself() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            byte[] tx = StunMessage.newTransactionId();

            byte[] response = exchange(socket, StunMessage.bindingRequest(tx), server.ipv4Address());

            assertThat(StunMessage.mappedAddress(response, tx)).isEqualTo(socket.getLocalSocketAddress());
        }
    }

    @Test
    void requestWithSoftwareAttributeIsAnswered() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            byte[] tx = StunMessage.newTransactionId();

            byte[] response = exchange(socket, StunMessage.bindingRequest(tx, "p2p-spring-boot test"),
                    server.ipv4Address());

            assertThat(StunMessage.isStunMessage(response)).isTrue();
            assertThat(StunMessage.mappedAddress(response, tx)).isEqualTo(socket.getLocalSocketAddress());
        }
    }

    @Test
    void responseToAnotherRequestIsRefused() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            byte[] tx = StunMessage.newTransactionId();
            byte[] response = exchange(socket, StunMessage.bindingRequest(tx), server.ipv4Address());

            assertThatThrownBy(() -> StunMessage.mappedAddress(response, StunMessage.newTransactionId()))
                    .isInstanceOf(StunException.class).hasMessageContaining("transaction id mismatch");
        }
    }

    @Test
    void ipv6MappedAddressIsTheSocketItself() throws Exception {
        assumeTrue(server.ipv6Address().isPresent(), "no loopback IPv6 (::1) on this machine");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            byte[] tx = StunMessage.newTransactionId();

            byte[] response = exchange(socket, StunMessage.bindingRequest(tx), server.ipv6Address().get());

            assertThat(StunMessage.mappedAddress(response, tx)).isEqualTo(socket.getLocalSocketAddress());
        }
    }

    /** Sends and waits for the answer; UDP may drop, so up to three tries of 1 s each. */
    private static byte[] exchange(DatagramSocket socket, byte[] request, InetSocketAddress to) throws IOException {
        socket.setSoTimeout(1_000);
        byte[] buffer = new byte[1500];
        for (int attempt = 1; attempt <= 3; attempt++) {
            socket.send(new DatagramPacket(request, request.length, to));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                return Arrays.copyOf(buffer, packet.getLength());
            } catch (SocketTimeoutException e) {
                // resend
            }
        }
        throw new AssertionError("no STUN answer from " + to + " after 3 tries; turnserver log:\n" + server.log());
    }
}
