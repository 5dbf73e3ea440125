package io.p2pboot;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a tool it needs from the system (coturn, python3, root with iproute2) is
 * not there: on CI ({@code CI=true}, where {@code .ci/run} installs them) it fails, so a missing
 * package cannot hide a test; elsewhere it is skipped, so the README's test command passes on a
 * machine with only the JDK.
 */
public final class MissingTool {

    private MissingTool() {
    }

    /** Fails the test on CI and skips it elsewhere; never returns normally. */
    public static RuntimeException skipOrFail(String what) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(what + " (CI installs it: see .ci/run)");
        }
        Assumptions.abort("skipped outside CI: " + what);
        return new IllegalStateException("unreachable");
    }
}
