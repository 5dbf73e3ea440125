package io.p2pboot.peer;

import io.netty.util.concurrent.EventExecutor;
import io.p2pboot.peer.PeerHandlers.SessionListener;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's sessions, one per other peer (by its name), and the rule of the handshake that finds
 * them again: each side names its own side of the session with an id it chose when it made the
 * session; the initiator sends its id in HELLO, the listener its own in ACCEPT. Hearing the id it
 * heard before (or a first one), a side resumes; hearing another, it knows the other side lost its
 * state, and starts a new life of its own side ({@link Session#heard}).
 */
final class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    /** 16 hex digits (64 random bits): unique enough between two peers, and short enough for any HELLO. */
    private static final int ID_BYTES = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Peer peer;
    private final SessionConfig config;
    private final Executor executor;
    private final Map<String, Session> byPeer = new ConcurrentHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    Sessions(Peer peer, SessionConfig config, Executor executor) {
        this.peer = peer;
        this.config = config;
        this.executor = executor;
    }

    SessionConfig config() {
        return config;
    }

    void addListener(SessionListener l) {
        listeners.add(l);
    }

    boolean removeListener(Object l) {
        return listeners.remove(l);
    }

    /** The live session with a peer, if any. */
    Session named(String peerName) {
        return byPeer.get(peerName);
    }

    static String newId() {
        byte[] id = new byte[ID_BYTES];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** The initiator's session with {@code peerName}, made (and its clock started) when there is none. */
    Session offer(String peerName, EventExecutor timer) {
        while (true) {
            Session s = byPeer.computeIfAbsent(peerName, n -> new Session(this, n, newId(), config));
            if (!s.isEnded()) {
                s.awaitResume(timer);
                return s;
            }
            byPeer.remove(peerName, s);
        }
    }

    /** The listener's side: its session with the peer (made when there is none) hears the offered id. */
    SessionLink answer(String peerName, String offeredId, long peerReceived, EventExecutor timer) {
        return offer(peerName, timer).heard(offeredId, peerReceived);
    }

    /** An ended session leaves the table. */
    void removed(Session s) {
        byPeer.remove(s.peerName(), s);
    }

    /** Tells the listeners, on the handler executor. */
    void expired(SessionExpiredException e) {
        log.info("peer {}: {}", peer.name(), e.getMessage());
        for (SessionListener l : listeners) {
            executor.execute(() -> {
                try {
                    l.expired(peer, e);
                } catch (Exception | Error failure) {
                    log.warn("session listener failed", failure);
                }
            });
        }
    }

    /** The peer stopped: every session ends. */
    void stopAll() {
        for (Session s : List.copyOf(byPeer.values())) {
            s.expire("the peer stopped");
        }
    }
}
