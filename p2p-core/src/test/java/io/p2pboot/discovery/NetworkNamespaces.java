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
public final class NetworkNamespaces implements AutoCloseable {

    private final String prefix;
    private final int subnet;
    private final List<String> created = new ArrayList<>();
    private final Thread cleanup = new Thread(this::removeAll, "netns-cleanup");

    public NetworkNamespaces() {
        this.prefix = "p2pd-" + Long.toHexString(ProcessHandle.current().pid()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        this.subnet = ThreadLocalRandom.current().nextInt(1, 255);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Why namespaces cannot be made here, or {@code null} when they can. */
    public static String unavailableReason() {
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
    public void create(int count) throws IOException {
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

    /**
     * Two subnets joined by a router: nodes 1 to {@code left} on a bridge with 10.231.X.0/24, the
     * rest up to {@code left + right} on a second bridge with 10.232.X.0/24, and a router
     * namespace (10.231.X.1 and 10.232.X.1, forwarding) that every node routes through. A
     * broadcast in one subnet never reaches the other; unicast crosses the router.
     */
    void createRouted(int left, int right) throws IOException {
        String hub = hub();
        add(hub);
        ip("-n", hub, "link", "set", "lo", "up");
        String router = prefix + "-r";
        add(router);
        ip("-n", router, "link", "set", "lo", "up");
        for (int side = 0; side < 2; side++) {
            String bridge = "br" + side;
            ip("-n", hub, "link", "add", bridge, "type", "bridge");
            ip("-n", hub, "link", "set", bridge, "up");
            ip("-n", hub, "link", "add", "vr" + side, "type", "veth", "peer", "name", "r" + side, "netns", router);
            ip("-n", hub, "link", "set", "vr" + side, "master", bridge);
            ip("-n", hub, "link", "set", "vr" + side, "up");
            ip("-n", router, "addr", "add", subnetOf(side) + ".1/24", "brd", "+", "dev", "r" + side);
            ip("-n", router, "link", "set", "r" + side, "up");
        }
        Result forwarding = run("ip", "netns", "exec", router, "sysctl", "-w", "net.ipv4.ip_forward=1");
        if (forwarding.code != 0) {
            throw new IOException("cannot turn forwarding on in the router namespace: " + forwarding.output.trim());
        }
        for (int i = 1; i <= left + right; i++) {
            int side = i <= left ? 0 : 1;
            String node = node(i);
            add(node);
            ip("-n", node, "link", "set", "lo", "up");
            ip("-n", hub, "link", "add", "vh" + i, "type", "veth", "peer", "name", "eth0", "netns", node);
            ip("-n", hub, "link", "set", "vh" + i, "master", "br" + side);
            ip("-n", hub, "link", "set", "vh" + i, "up");
            ip("-n", node, "addr", "add", subnetOf(side) + "." + (i + 1) + "/24", "brd", "+", "dev", "eth0");
            ip("-n", node, "link", "set", "eth0", "up");
            ip("-n", node, "route", "add", "default", "via", subnetOf(side) + ".1");
        }
        routedLeft = left;
    }

    /** In {@link #createRouted}, how many nodes the first subnet has; 0 for a single LAN. */
    private int routedLeft;

    private String subnetOf(int side) {
        return "10." + (231 + side) + "." + subnet;
    }

    /** Node i's address: 10.231.X.(i+1), or in the second subnet of {@link #createRouted} 10.232.X.(i+1). */
    String routedAddress(int i) {
        return subnetOf(routedLeft > 0 && i > routedLeft ? 1 : 0) + "." + (i + 1);
    }

    /** The broadcast address of node i's subnet. */
    String broadcastOf(int i) {
        return subnetOf(routedLeft > 0 && i > routedLeft ? 1 : 0) + ".255";
    }

    public String node(int i) {
        return prefix + "-n" + i;
    }

    public String address(int i) {
        return "10.231." + subnet + "." + (i + 1);
    }

    String broadcast() {
        return "10.231." + subnet + ".255";
    }

    /**
     * Cuts node i off the LAN ({@code up} false: its veth's hub end goes down, and every packet to
     * or from it is lost, as in a partition), or joins it again.
     */
    public void link(int i, boolean up) throws IOException {
        ip("-n", hub(), "link", "set", "vh" + i, up ? "up" : "down");
    }

    /** Runs {@code cmd} inside node i's namespace (a firewall rule, say); fails with its output when it fails. */
    public void exec(int i, String... cmd) throws IOException {
        String[] full = new String[cmd.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = node(i);
        System.arraycopy(cmd, 0, full, 4, cmd.length);
        Result r = run(full);
        if (r.code != 0) {
            throw new IOException(String.join(" ", full) + " failed (" + r.code + "): " + r.output.trim());
        }
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
