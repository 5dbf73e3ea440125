package io.p2pboot.sample.web;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.Printable;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The peer's connections: list, open (connect), close. Peers are named as the README's "Peer
 * addresses" says: {@code ip:port} or {@code [ipv6]:port} in any valid spelling (a connection is
 * listed in the canonical one); {@code connect} also takes {@code name:port}. An IPv6 address
 * without brackets ({@code ::1:48967}) is a 400 that shows the bracketed spelling.
 */
@RestController
@RequestMapping("/api/connections")
public class ConnectionController {

    private final Peer peer;

    public ConnectionController(Peer peer) {
        this.peer = peer;
    }

    /**
     * A connection to open.
     *
     * @param address the other peer's {@code ip:port}, {@code [ipv6]:port} or {@code name:port}
     * @param dataType {@code json}, {@code bytes} or {@code raw}; unset: {@code p2p.data-type}
     * @param strict unset: {@code p2p.strict}
     */
    public record ConnectRequest(@Nullable String address, @Nullable String dataType, @Nullable Boolean strict) {
    }

    /** One open connection as the API shows it. */
    public record ConnectionView(String peer, String dataType, boolean strict, boolean stream) {

        static ConnectionView of(Connection c) {
            return new ConnectionView(c.peerName(), c.dataType().wireName(), c.strict(), c.stream());
        }
    }

    @GetMapping
    public List<ConnectionView> connections() {
        return peer.connections().values().stream()
                .filter(Connection::isOpen)
                .map(ConnectionView::of)
                .sorted(Comparator.comparing(ConnectionView::peer))
                .toList();
    }

    /** Connects; 403 when the other peer denies, 504 when it does not answer, 502 when it cannot be reached. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ConnectionView connect(@RequestBody ConnectRequest request) throws IOException {
        if (request.address() == null || request.address().isBlank()) {
            throw Problems.badRequest("address is required: the other peer's ip:port or [ipv6]:port");
        }
        ConnectOptions options = new ConnectOptions(dataType(request.dataType()), request.strict(), null, null);
        Connection connection;
        try {
            connection = peer.connect(request.address().trim(), options);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest(e.getMessage(), e); // not an address (quoted short), or this peer's own name
        } catch (IllegalStateException e) {
            throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), e); // not listening, or too many connections
        }
        return ConnectionView.of(connection);
    }

    /** Closes gracefully (what was queued is sent first); the name in any spelling, URL-encoded. */
    @DeleteMapping("/{peerName}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void close(@PathVariable String peerName) {
        String name = Problems.peerName(peerName);
        Connection connection = peer.connection(name).filter(Connection::isOpen)
                .orElseThrow(() -> Problems.notFound("no connection to " + name));
        connection.close();
    }

    private static @Nullable DataType dataType(@Nullable String name) {
        if (name == null) {
            return null;
        }
        DataType type = DataType.fromWireOrNull(name.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw Problems.badRequest("dataType must be json, bytes or raw, not " + Printable.quoted(name));
        }
        return type;
    }
}
