package io.p2pboot.peer;

import static io.p2pboot.pipe.ConfigChecks.positive;

import java.time.Duration;

/**
 * Acknowledged, resumable sessions between two peers of this library ({@link PeerConfig#sessions()}):
 * each message is kept until the other side's handlers ran, and a broken connection dialled again
 * within {@link #resumeWithin()} resumes where it stopped, so that each message is handled once and
 * in order. A Python peer never sees a byte of it: a session is offered in HELLO with fields it
 * ignores, and used only when the other side accepts it.
 *
 * @param maxUnacked the most bytes a session keeps sent and not yet acknowledged (each message's
 *     payload and its 128-byte header, so that many tiny messages are bounded too): beyond it
 *     {@code send} waits (at most the peer's timeout) and {@code sendAsync} fails at once
 * @param resumeWithin how long a session outlives its connection: dialled again within it (by
 *     {@code connect} or the mesh, from either side), it resumes; past it, it ends and the
 *     messages it had not delivered fail ({@link SessionExpiredException})
 */
public record SessionConfig(long maxUnacked, Duration resumeWithin) {

    /**
     * 4 MiB kept per session at most: more than a LAN's round trip carries (at 100 ms it still
     * allows about 40 MB/s). A larger window only helps a link whose bandwidth times round trip
     * exceeds it; on loopback it cost a quarter of the 64 KiB throughput, the sender copying each
     * message into memory last touched a whole window earlier, out of cache (16 MiB: sender
     * 14–16 µs per 64 KiB message, 4 MiB: 10–12, without a session 6–8.5).
     */
    public static final long DEFAULT_MAX_UNACKED = 4L << 20;
    /** A minute to dial again. */
    public static final Duration DEFAULT_RESUME_WITHIN = Duration.ofSeconds(60);

    public SessionConfig {
        if (maxUnacked < 1) {
            throw new IllegalArgumentException("maxUnacked must be at least 1 byte, was " + maxUnacked);
        }
        positive("resumeWithin", resumeWithin);
    }

    /** The defaults: {@link #DEFAULT_MAX_UNACKED}, {@link #DEFAULT_RESUME_WITHIN}. */
    public static SessionConfig defaults() {
        return new SessionConfig(DEFAULT_MAX_UNACKED, DEFAULT_RESUME_WITHIN);
    }
}
