package io.p2pboot.codec;

import io.p2pboot.MissingTool;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code python3} that interoperability tests compare against. Without it a test is skipped,
 * except under {@code CI=true}, where a missing interpreter must not pass unnoticed.
 */
final class Python3 {

    private Python3() {
    }

    private static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Skips the calling test when python3 is missing (fails it under {@code CI=true}). */
    static void assumeAvailable() {
        if (!available()) {
            throw MissingTool.skipOrFail("python3 is not installed");
        }
    }
}
