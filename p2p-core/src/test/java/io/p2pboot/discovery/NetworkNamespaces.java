package io.p2pboot.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private little LAN for tests: a hub namespace holding a bridge, and node namespaces, each
 * joined to the bridge by a veth pair, with addresses in 10.231.X.0/24 that exist only inside
 * them. Nothing is created in the host's own namespace, so nothing sent in there can leave it.
 * Needs root and iproute2.
 */
final class NetworkNamespaces implements AutoCloseable {

    private final String prefix;
    private final int subnet;
    private final List<String> created = new ArrayList<>();
    private final Thread cleanup = new Thread(this::removeAll, "netns-cleanup");

    NetworkNamespaces() {
        this.prefix = "p2pd-" + Long.toHexString(ProcessHandle.current().pid()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        this.subnet = ThreadLocalRandom.current().nextInt(1, 255);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Why namespaces cannot be made here, or {@code null} when they can. */
    static String unavailableReason() {
        try {
            Result id = run("id", "-u");
            if (id.code != 0 || !id.output.trim().equals("0")) {
                return "network namespaces need root (uid is " + id.output.trim() + ")";
            }
            Result list = run("ip", "netns", "list");
            if (list.code != 0) {
                return "'ip netns' does not work: " + list.output.trim();
            }
            return null;
        } catch (IOException e) {
            return "cannot run id/ip (is iproute2 installed?): " + e.getMessage();
        }
    }

    /** The hub with its bridge, then {@code count} nodes; node i (from 1) has address 10.231.X.(i+1). */
    void create(int count) throws IOException {
        String hub = hub();
        add(hub);
        ip("-n", hub, "link", "set", "lo", "up");
        ip("-n", hub, "link", "add", "br0", "type", "bridge");
        ip("-n", hub, "link", "set", "br0", "up");
        for (int i = 1; i <= count; i++) {
            String node = node(i);
            add(node);
            ip("-n", node, "link", "set", "lo", "up");
            ip("-n", hub, "link", "add", "vh" + i, "type", "veth", "peer", "name", "eth0", "netns", node);
            ip("-n", hub, "link", "set", "vh" + i, "master", "br0");
            ip("-n", hub, "link", "set", "vh" + i, "up");
            ip("-n", node, "addr", "add", address(i) + "/24", "brd", "+", "dev", "eth0");
            ip("-n", node, "link", "set", "eth0", "up");
        }
    }

    String node(int i) {
        return prefix + "-n" + i;
    }

    String address(int i) {
        return "10.231." + subnet + "." + (i + 1);
    }

    String broadcast() {
        return "10.231." + subnet + ".255";
    }

    private String hub() {
        return prefix + "-hub";
    }

    private void add(String namespace) throws IOException {
        ip("netns", "add", namespace);
        created.add(namespace);
    }

    private synchronized void removeAll() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                run("ip", "netns", "del", created.get(i));
            } catch (IOException e) {
                // best effort: the next one may still go
            }
        }
        created.clear();
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }

    private static void ip(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Result r = run(cmd);
        if (r.code != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + r.code + "): " + r.output.trim());
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
