package io.p2pboot.faults;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.discovery.SeedSource;
import io.p2pboot.mesh.Backoff;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshConfig;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.SendTimeoutException;
import io.p2pboot.peer.SessionConfig;
import io.p2pboot.pipe.PipeConfig;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A peer with sessions in its own process and network namespace, for the fault tests: listens at
 * {@code ip}:{@code port}, keeps a mesh connection with {@code other}, sends it {@code send}
 * numbered json messages (one every {@code pace-us} microseconds; 0: as fast as sessions allow)
 * and expects {@code expect} from it. It prints:
 * <ul>
 * <li>{@code READY name} once listening; {@code CONNECTED}/{@code CLOSED} lines with the reason;
 * <li>{@code GOT n} every 1,000 messages received, or with {@code each=true} {@code R n} for each
 *     ({@code R n dup} when marked as a possible duplicate);
 * <li>{@code ORDER got x after y} for a message out of order or repeated (checked without
 *     {@code each}; with it, the test reads the numbers);
 * <li>{@code RECEIVED-ALL n} once all came; {@code SENT n} every 1,000 sent; {@code ACKED-ALL}
 *     once every send's future completed; {@code SEND-FAILED}, {@code SESSION-EXPIRED} when not;
 * <li>{@code MEM heap=H direct=D} twice a second: heap in use and direct memory held (bytes);
 * <li>with {@code stats=true}, {@code STAT heap=H threads=T fds=F} every 10 s: heap in use after a
 *     full collection, live threads, open file descriptors (for the soak).
 * </ul>
 * For the soak, {@code from} is the first number it sends (a restarted process sends from another
 * range), {@code life} the size of the ranges its partner's lives send from (a number that begins
 * one is in order after any lower one), and {@code any-first=true} accepts any first number (a
 * restarted receiver's first messages are resends).
 * It exits when its standard input closes.
 */
public final class SessionNodeMain {

    private SessionNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        String other = opts.get("other");
        int send = Integer.parseInt(opts.getOrDefault("send", "0"));
        int expect = Integer.parseInt(opts.getOrDefault("expect", "0"));
        long paceNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(opts.getOrDefault("pace-us", "0")));
        boolean each = Boolean.parseBoolean(opts.getOrDefault("each", "false"));
        int from = Integer.parseInt(opts.getOrDefault("from", "1"));
        long life = Long.parseLong(opts.getOrDefault("life", "0"));
        boolean anyFirst = Boolean.parseBoolean(opts.getOrDefault("any-first", "false"));
        Peer peer = Peer.create(PeerConfig.builder().address(opts.get("ip")).port(Integer.parseInt(opts.get("port")))
                .deadAfter(Duration.ofSeconds(3)).keepAlive(Duration.ofMillis(500))
                .sessions(new SessionConfig(Long.parseLong(opts.getOrDefault("max-unacked", "1048576")),
                        Duration.ofSeconds(60)))
                .discovery(DiscoveryConfig.builder().enabled(false).interval(Duration.ofMillis(200)).build())
                .sources(List.of(new SeedSource(List.of(other), PipeConfig.defaults()))).build());
        peer.onConnection((p, c) -> say("CONNECTED " + c.peerName() + (c.dialled() ? " dialled" : " accepted")));
        peer.onClose((c, reason) -> say("CLOSED " + c.peerName() + " " + reason.kind() + " " + reason.detail()));
        peer.onSessionExpired((p, e) -> say("SESSION-EXPIRED " + e.getMessage()));
        int[] last = new int[1];
        peer.onData((c, r) -> {
            int n = ((Number) r.value()).intValue();
            boolean dup = r.possibleDuplicate();
            if (each) {
                say(dup ? "R " + n + " dup" : "R " + n);
            }
            boolean inOrder = n == last[0] + 1 || anyFirst && last[0] == 0
                    || life > 0 && n > last[0] && (n - 1) % life == 0;
            if (!each && !inOrder) {
                say("ORDER got " + n + " after " + last[0]);
            }
            last[0] = Math.max(last[0], n);
            if (n % 1000 == 0 && !each) {
                say("GOT " + n);
            }
            if (n == expect) {
                say("RECEIVED-ALL " + n);
            }
        });
        ScheduledExecutorService memory = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memory");
            t.setDaemon(true);
            return t;
        });
        memory.scheduleAtFixedRate(SessionNodeMain::sayMemory, 0, 500, TimeUnit.MILLISECONDS);
        if (Boolean.parseBoolean(opts.getOrDefault("stats", "false"))) {
            memory.scheduleAtFixedRate(SessionNodeMain::sayStats, 0, 10, TimeUnit.SECONDS);
        }
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
        try (Mesh mesh = Mesh.attach(peer, MeshConfig.defaults().withBackoff(backoff))) {
            peer.start();
            say("READY " + peer.name());
            if (send > 0) {
                Thread sender = new Thread(() -> send(peer, other, from, send, paceNanos), "sender");
                sender.setDaemon(true);
                sender.start();
            }
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        } finally {
            peer.stop();
        }
        System.exit(0);
    }

    /** Sends count numbers from {@code from} on whatever connection is open; a send refused for a closed connection is made again on the next. */
    private static void send(Peer peer, String other, int from, int count, long paceNanos) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        int keepAtMost = 4096;
        long start = System.nanoTime();
        try {
            int i = 1;
            while (i <= count) {
                if (paceNanos > 0) {
                    long wait = start + i * paceNanos - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                Connection c = peer.awaitConnectionTo(other, Duration.ofSeconds(60));
                if (c == null) {
                    say("NO-CONNECTION");
                    return;
                }
                try {
                    CompletableFuture<Void> f = c.send(from + i - 1);
                    if (f.isCompletedExceptionally() && !c.isOpen()) {
                        continue;
                    }
                    sent.add(f);
                    if (sent.size() >= keepAtMost) {
                        // those that completed well need no keeping: an endless soak would keep them all
                        sent.removeIf(d -> d.isDone() && !d.isCompletedExceptionally());
                        keepAtMost = Math.max(4096, 2 * sent.size());
                    }
                    if (i % 1000 == 0) {
                        say("SENT " + i);
                    }
                    i++;
                } catch (SendTimeoutException e) {
                    // not taken: again
                }
            }
            CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).join();
            say("ACKED-ALL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            say("SEND-FAILED " + e);
        }
    }

    private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

    /** Heap in use, and the most any count of direct memory says is held (Netty's, the allocator's, the JDK's). */
    private static void sayMemory() {
        long direct = Math.max(0, PlatformDependent.usedDirectMemory());
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider m) {
            direct = Math.max(direct, m.metric().usedDirectMemory());
        }
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = Math.max(direct, pool.getMemoryUsed());
            }
        }
        say("MEM heap=" + HEAP.getHeapMemoryUsage().getUsed() + " direct=" + direct);
    }

    /** What must not grow in a long run: heap after a full collection, threads, open files. */
    private static void sayStats() {
        System.gc();
        String[] fds = new java.io.File("/proc/self/fd").list();
        say("STAT heap=" + HEAP.getHeapMemoryUsage().getUsed() + " threads="
                + ManagementFactory.getThreadMXBean().getThreadCount() + " fds=" + (fds == null ? -1 : fds.length));
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
