package io.p2pboot.bench;

import io.p2pboot.bench.workload.DiscoveryProbe;
import io.p2pboot.bench.workload.Fanout;
import io.p2pboot.bench.workload.Handshakes;
import io.p2pboot.bench.workload.IdleConnections;
import io.p2pboot.bench.workload.JGroupsConnect;
import io.p2pboot.bench.workload.JGroupsRoundTrip;
import io.p2pboot.bench.workload.JGroupsThroughput;
import io.p2pboot.bench.workload.JsonSmall;
import io.p2pboot.bench.workload.RoundTrip;
import io.p2pboot.bench.workload.SessionRoundTrip;
import io.p2pboot.bench.workload.SessionThroughput;
import io.p2pboot.bench.workload.Throughput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs every workload beside its raw baseline and prints the table.
 *
 * <pre>
 * java -jar benchmarks.jar [--quick] [--json FILE] [--check] [--only name,name]
 * </pre>
 * Exits 0 when the run completed (timings are not judged), unless {@code --check} is given and a
 * target is missed (exit 3). Exit 2: bad arguments; 1: a workload failed.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static List<Workload> all() {
        return List.of(
                new Throughput("bytes-64B", 64, false),
                new Throughput("bytes-1KiB", 1024, false),
                new Throughput("bytes-64KiB", 64 * 1024, false),
                new Throughput("bytes-1MiB", 1024 * 1024, false),
                Throughput.views("bytes-1MiB-view", 1024 * 1024),
                new SessionThroughput("bytes-64B-session", 64),
                new SessionThroughput("bytes-64KiB-session", 64 * 1024),
                new Throughput("stream-1KiB", 1024, true),
                new JsonSmall(),
                new RoundTrip(),
                RoundTrip.onEventLoop(),
                new SessionRoundTrip(),
                new Handshakes(1),
                Handshakes.async(1),
                new Handshakes(8),
                new JGroupsThroughput(64),
                new JGroupsThroughput(1024),
                new JGroupsThroughput(64 * 1024),
                new JGroupsThroughput(1024 * 1024),
                new JGroupsRoundTrip(),
                new JGroupsConnect(),
                new IdleConnections(),
                new Fanout(),
                new DiscoveryProbe());
    }

    public static void main(String[] args) {
        Settings settings = Settings.full();
        Path json = null;
        boolean check = false;
        Set<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = Settings.quick();
                case "--smoke" -> settings = Settings.smoke();
                case "--check" -> check = true;
                case "--json" -> {
                    if (++i == args.length) {
                        usage("--json needs a file");
                    }
                    json = Path.of(args[i]);
                }
                case "--only" -> {
                    if (++i == args.length) {
                        usage("--only needs names");
                    }
                    only = Set.copyOf(Arrays.asList(args[i].split(",")));
                }
                case "-h", "--help" -> {
                    usage(null);
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        List<Workload> selected = new ArrayList<>();
        for (Workload w : all()) {
            if (only == null || w.names().stream().anyMatch(only::contains)) {
                selected.add(w);
            }
        }
        System.exit(run(selected, settings, json, check));
    }

    /** A workload during which the hypervisor took at least this share of the CPU says so in its rows' notes. */
    static final double STEAL_NOTED = 0.02;

    /** Runs the workloads, prints, writes JSON; returns the exit code. */
    public static int run(List<Workload> workloads, Settings settings, Path json, boolean check) {
        printMachine();
        RunContext context = new RunContext();
        List<Row> rows = new ArrayList<>();
        boolean failed = false;
        long start = System.nanoTime();
        Report.printHeader(System.out);
        CpuSteal.Ticks runStart = CpuSteal.now();
        for (Workload w : workloads) {
            try {
                CpuSteal.Ticks before = CpuSteal.now();
                long began = System.nanoTime();
                List<Row> made = w.run(settings, context);
                if (Boolean.getBoolean(Interleaved.VERBOSE)) {
                    System.err.printf(Locale.ROOT, "%s took %.1f s%n", w.names(), (System.nanoTime() - began) / 1e9);
                }
                CpuSteal.Ticks after = CpuSteal.now();
                double stolen = before == null || after == null ? 0 : after.stolenSince(before);
                for (Row r : made) {
                    if (stolen >= STEAL_NOTED) {
                        String steal = String.format(Locale.ROOT, "hypervisor took %.0f%% of the CPU", 100 * stolen);
                        r = r.withNote(r.note().isEmpty() ? steal : r.note() + "; " + steal);
                    }
                    rows.add(r);
                    if (r.ratio() != null) {
                        context.put(RunContext.ratioOf(r.name()), r.ratio()); // for the contenders' rows
                    }
                    Report.printRow(System.out, r);
                }
            } catch (Throwable e) {
                failed = true;
                System.err.println(w.names() + " failed: " + e);
                e.printStackTrace();
            }
        }
        CpuSteal.Ticks runEnd = CpuSteal.now();
        System.out.printf("%nfinished in %.1f s%s%n%n", (System.nanoTime() - start) / 1e9,
                runStart == null || runEnd == null ? ""
                        : String.format(Locale.ROOT, "; the hypervisor took %.1f%% of the CPU time (steal)",
                                100 * runEnd.stolenSince(runStart)));
        Report.printTable(System.out, rows);
        if (json != null) {
            try {
                Report.writeJson(json, rows);
            } catch (Exception e) {
                System.err.println("cannot write " + json + ": " + e);
                return 1;
            }
        }
        if (failed) {
            return 1;
        }
        if (check) {
            List<String> missed = rows.stream().filter(r -> Boolean.FALSE.equals(Targets.met(r))).map(Row::name).toList();
            if (!missed.isEmpty()) {
                System.out.println("targets missed: " + missed);
                return 3;
            }
            System.out.println("all targets met");
        }
        return 0;
    }

    private static void printMachine() {
        System.out.printf("machine: %d cores, Java %s (%s), Netty transport %s, ulimit -n %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio",
                fdLimit());
    }

    private static String fdLimit() {
        try {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                return Long.toString(unix.getMaxFileDescriptorCount());
            }
        } catch (Throwable ignored) {
            // not a Unix JVM
        }
        return "?";
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("usage: java -jar benchmarks.jar [--quick] [--json FILE] [--check] [--only name,...]");
        System.exit(error == null ? 0 : 2);
    }
}
