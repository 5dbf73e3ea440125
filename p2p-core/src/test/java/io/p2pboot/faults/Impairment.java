package io.p2pboot.faults;

import io.p2pboot.discovery.NetworkNamespaces;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Packet loss, delay and reordering on what one node of a {@link NetworkNamespaces} LAN sends over
 * TCP, as {@code tc qdisc netem} would make them; this machine's kernel has no netem, so an
 * iptables {@code NFQUEUE} rule in the node's namespace hands each outgoing TCP packet to a small
 * program ({@code faults/impair.py}) that drops it with the given probability or lets it through
 * after a delay drawn from delay ± jitter, so later packets overtake earlier ones. Needs root,
 * iptables and python3.
 */
final class Impairment implements AutoCloseable {

    private final NetworkNamespaces lan;
    private final int node;
    private final Process process;
    private final String[] rule;

    private Impairment(NetworkNamespaces lan, int node, Process process, String[] rule) {
        this.lan = lan;
        this.node = node;
        this.process = process;
        this.rule = rule;
    }

    /** Why impairments cannot be made here, or {@code null} when they can. */
    static String unavailableReason() {
        for (String[] probe : new String[][] {{"iptables", "--version"}, {"python3", "--version"}}) {
            try {
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return probe[0] + " does not run";
                }
            } catch (IOException e) {
                return probe[0] + " is not installed";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    /**
     * Impairs what node {@code node} sends from now on: {@code loss} the probability a packet is
     * lost, each other delayed by {@code delayMillis} ± {@code jitterMillis}.
     */
    static Impairment start(NetworkNamespaces lan, int node, double loss, int delayMillis, int jitterMillis)
            throws IOException {
        Path script = Files.createTempFile("impair", ".py");
        try (InputStream in = Impairment.class.getResourceAsStream("/faults/impair.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().deleteOnExit();
        Process p = new ProcessBuilder("ip", "netns", "exec", lan.node(node), "python3", script.toString(), "0",
                Double.toString(loss), Integer.toString(delayMillis), Integer.toString(jitterMillis))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first;
        try {
            first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return "(unreadable: " + e + ")";
                }
            }).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("the impairment program did not start", e);
        }
        if (!"READY".equals(first)) {
            p.destroyForcibly();
            throw new IOException("the impairment program failed: " + first);
        }
        // the program is bound to the queue: from now on the rule hands it every TCP packet the node sends
        String[] rule = {"OUTPUT", "-o", "eth0", "-p", "tcp", "-j", "NFQUEUE", "--queue-num", "0"};
        lan.exec(node, concat(new String[] {"iptables", "-A"}, rule));
        return new Impairment(lan, node, p, rule);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Lets the node's packets through unimpaired again. */
    @Override
    public void close() throws IOException {
        try {
            lan.exec(node, concat(new String[] {"iptables", "-D"}, rule));
        } finally {
            process.destroyForcibly();
        }
    }
}
