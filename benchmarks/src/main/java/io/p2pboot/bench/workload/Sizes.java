package io.p2pboot.bench.workload;

/** Message sizes as the rows name them: 64B, 1KiB, 64KiB, 1MiB. */
final class Sizes {

    private Sizes() {
    }

    static String label(int bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return bytes + "B";
    }
}
