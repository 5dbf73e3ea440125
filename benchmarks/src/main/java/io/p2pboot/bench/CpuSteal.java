package io.p2pboot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The share of the machine's CPU time the hypervisor gave to other guests ("steal", from the
 * first line of {@code /proc/stat}). On this kind of VM it came and went between 0 and half
 * of the time within minutes; a row measured while it was high says more about the host than
 * about the code, and its note says so.
 */
final class CpuSteal {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Cumulative CPU ticks: all of them, and the stolen ones. */
    record Ticks(long total, long steal) {
        /** The stolen share of the ticks between {@code earlier} and this. */
        double stolenSince(Ticks earlier) {
            long total = this.total - earlier.total;
            return total <= 0 ? 0 : (double) (steal - earlier.steal) / total;
        }
    }

    private CpuSteal() {
    }

    /** The machine's ticks now, or {@code null} where {@code /proc/stat} cannot be read. */
    static Ticks now() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            return lines.isEmpty() ? null : parse(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Parses the aggregate {@code cpu} line: user, nice, system, idle, iowait, irq, softirq,
     * steal, … (guest time is already counted in user). Kernels without a steal field have none.
     */
    static Ticks parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 5 || !f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
        }
        long total = 0;
        int counted = Math.min(f.length - 1, 8); // up to steal: guest and guest_nice repeat user and nice
        for (int i = 1; i <= counted; i++) {
            total += Long.parseLong(f[i]);
        }
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new Ticks(total, steal);
    }
}
