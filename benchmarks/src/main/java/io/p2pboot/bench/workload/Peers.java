package io.p2pboot.bench.workload;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.SessionConfig;
import io.p2pboot.protocol.DataType;
import java.io.IOException;

/** Peers as a user makes them: loopback, an ephemeral port, the library's defaults otherwise. */
final class Peers {

    private Peers() {
    }

    static PeerConfig.Builder config(DataType type) {
        return PeerConfig.builder().address("127.0.0.1").port(0).dataType(type);
    }

    static Peer start(DataType type) throws IOException {
        return Peer.create(config(type).build()).start();
    }

    /** A peer with acknowledged sessions (the defaults) when {@code sessions} is true. */
    static Peer start(DataType type, boolean sessions) throws IOException {
        return Peer.create(config(type).sessions(sessions ? SessionConfig.defaults() : null).build()).start();
    }

    static Connection connect(Peer from, Peer to, ConnectOptions options) throws IOException {
        return from.connect(to.name(), options);
    }

    /** Stops peers quietly, in order. */
    static void stop(Peer... peers) {
        for (Peer p : peers) {
            if (p != null) {
                p.stop();
            }
        }
    }
}
