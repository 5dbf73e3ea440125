package io.p2pboot.bench.jgroups;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jgroups.JChannel;
import org.jgroups.protocols.TP;
import org.jgroups.stack.Protocol;

/**
 * JGroups channels on loopback: JGroups' {@code tcp.xml} stack ({@code jgroups/tcp-loopback.xml}),
 * the transport bound to 127.0.0.1 and TCPPING asking only the given loopback ports. Every channel
 * made here is checked before use: transport on loopback, diagnostics off (they would open a
 * multicast socket), no protocol that discovers by multicast or UDP.
 */
public final class JGroupsStack {

    private static final String TEMPLATE = "/jgroups/tcp-loopback.xml";
    /** Protocols that would send beyond loopback or by multicast: never in the stack. */
    private static final Set<String> FORBIDDEN = Set.of("UDP", "MPING", "PING", "BPING", "DiagnosticsHandler");

    private JGroupsStack() {
    }

    /** A fresh cluster name, so that runs never join each other. */
    public static String clusterName() {
        return "p2p-bench-" + UUID.randomUUID();
    }

    /**
     * A channel (not yet connected) listening on 127.0.0.1:{@code port} that finds members by TCP
     * at 127.0.0.1 on {@code members} only.
     */
    public static JChannel channel(int port, int... members) throws Exception {
        String hosts = Arrays.stream(members).mapToObj(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
        String xml = template().replace("{{bind_port}}", Integer.toString(port)).replace("{{initial_hosts}}", hosts);
        JChannel channel = new JChannel(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        try {
            checkLoopbackOnly(channel);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** @throws IllegalStateException the channel could reach beyond loopback */
    static void checkLoopbackOnly(JChannel channel) {
        TP transport = channel.getProtocolStack().getTransport();
        InetAddress bound = transport.getBindAddress();
        if (bound == null || !bound.isLoopbackAddress()) {
            throw new IllegalStateException("JGroups transport bound to " + bound + ", not loopback");
        }
        if (transport.getDiagnosticsHandler() != null && transport.getDiagnosticsHandler().isEnabled()) {
            throw new IllegalStateException("JGroups diagnostics are on: they open a multicast socket");
        }
        List<Protocol> protocols = channel.getProtocolStack().getProtocols();
        for (Protocol p : protocols) {
            if (FORBIDDEN.contains(p.getName())) {
                throw new IllegalStateException("JGroups protocol " + p.getName() + " leaves loopback");
            }
        }
    }

    /** A port free on 127.0.0.1 just now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String template() throws IOException {
        try (InputStream in = JGroupsStack.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException(TEMPLATE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
