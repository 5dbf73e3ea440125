package io.p2pboot.discovery;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * What continuous discovery logs about peers: one line per peer discovered or lost, one line per
 * round that ignored new names (the tracker was full), but at most {@code maxLines} lines per
 * {@code period}. Beyond that, news is only counted, and one summary line
 * ("… and K more …") says what was left out, once the period is over (at the next news or round).
 * So a flood of forged PONGs writes a bounded number of lines however long it lasts.
 */
final class PeerNewsLog {

    /** Lines written per period before news is only counted. */
    static final int MAX_LINES = 20;
    /** The period over which {@link #MAX_LINES} applies. */
    static final Duration PERIOD = Duration.ofMinutes(1);

    private final int maxLines;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> info;
    private final Consumer<String> warn;
    private long periodStart;
    private int written;
    private long leftOutDiscovered;
    private long leftOutLost;
    private long leftOutIgnored;

    PeerNewsLog(int maxLines, Duration period, LongSupplier nanoClock, Consumer<String> info, Consumer<String> warn) {
        this.maxLines = maxLines;
        this.periodNanos = period.toNanos();
        this.nanoClock = nanoClock;
        this.info = info;
        this.warn = warn;
        this.periodStart = nanoClock.getAsLong();
    }

    /** The limits of this class, written to {@code log}: INFO for peers found and lost, WARN for names ignored. */
    static PeerNewsLog to(Logger log) {
        return new PeerNewsLog(MAX_LINES, PERIOD, System::nanoTime, log::info, log::warn);
    }

    synchronized void discovered(String name) {
        if (mayWrite()) {
            info.accept("discovered peer " + name);
        } else {
            leftOutDiscovered++;
        }
    }

    synchronized void lost(String name) {
        if (mayWrite()) {
            info.accept("lost peer " + name);
        } else {
            leftOutLost++;
        }
    }

    /** {@code count} new names of one round were not tracked: {@code maxPeers} peers were known. */
    synchronized void ignored(long count, int maxPeers) {
        if (count <= 0) {
            return;
        }
        if (mayWrite()) {
            warn.accept("ignored " + count + " new peer name(s): " + maxPeers
                    + " peers are tracked already (max-peers), new names wait until known ones are lost");
        } else {
            leftOutIgnored += count;
        }
    }

    /** Ends the period when its time is up: writes the summary of what was left out, if anything. */
    synchronized void tick() {
        long now = nanoClock.getAsLong();
        if (now - periodStart < periodNanos) {
            return;
        }
        long leftOut = leftOutDiscovered + leftOutLost + leftOutIgnored;
        if (leftOut > 0) {
            String summary = "… and " + leftOut + " more discovery events not logged in the last "
                    + Duration.ofNanos(now - periodStart).toSeconds() + " s: " + leftOutDiscovered + " discovered, "
                    + leftOutLost + " lost, " + leftOutIgnored + " names ignored";
            (leftOutIgnored > 0 ? warn : info).accept(summary);
        }
        periodStart = now;
        written = 0;
        leftOutDiscovered = 0;
        leftOutLost = 0;
        leftOutIgnored = 0;
    }

    private boolean mayWrite() {
        tick();
        if (written < maxLines) {
            written++;
            return true;
        }
        return false;
    }
}
