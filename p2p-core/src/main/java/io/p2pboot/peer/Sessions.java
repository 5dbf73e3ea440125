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
 * A peer's sessions, one per other peer (by its name), and the rules of the handshake that finds
 * them again: the initiator offers the id of its session with the listener; a listener that has a
 * session of that id with that peer resumes it, and answers with the same id; otherwise it starts
 * a new one under a new id, and the initiator, seeing another id come back, knows the listener
 * lost what it had (its session restarts too).
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

    /** The initiator heard the listener's answer to the session {@code s} it offered as {@code offeredId}. */
    SessionLink accepted(Session s, String offeredId, String answeredId, long peerReceived, EventExecutor timer) {
        synchronized (s) {
            if (!s.isEnded() && byPeer.get(s.peerName()) == s) {
                return answeredId.equals(offeredId) && answeredId.equals(s.id()) ? s.resumed(peerReceived)
                        : s.restarted(answeredId);
            }
        }
        Session fresh = offer(s.peerName(), timer); // it expired meanwhile: a new one, under the listener's id
        synchronized (fresh) {
            return fresh.restarted(answeredId);
        }
    }

    /** The listener's side: the session a peer offered, resumed when known, else started anew under a new id. */
    SessionLink answer(String peerName, String offeredId, long peerReceived, EventExecutor timer) {
        Session s = offer(peerName, timer);
        synchronized (s) {
            if (s.id().equals(offeredId)) {
                return s.resumed(peerReceived);
            }
            log.debug("peer {}: {} offered session {}, unknown here: a new session", peer.name(), peerName, offeredId);
            return s.restarted(newId());
        }
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
