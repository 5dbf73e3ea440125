package io.p2pboot.sample.web;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.peer.Peer;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** This peer, and the peers discovery found. */
@RestController
@RequestMapping("/api")
public class PeerController {

    private final Peer peer;

    public PeerController(Peer peer) {
        this.peer = peer;
    }

    /** This peer as {@code GET /api/peer} shows it. */
    public record PeerInfo(String name, boolean listening) {
    }

    /** A peer discovery knows, when it last answered, and where it was found ({@code broadcast}, {@code seed}, ...). */
    public record PeerSeen(String name, Instant lastSeen, String source) {
    }

    @GetMapping("/peer")
    public PeerInfo peer() {
        return new PeerInfo(peer.name(), peer.isListening());
    }

    @GetMapping("/peers")
    public List<PeerSeen> peers() {
        return peer.discoveredPeers().stream()
                .sorted(Comparator.comparing(DiscoveredPeer::name))
                .map(p -> new PeerSeen(p.name(), p.lastSeen(), p.source()))
                .toList();
    }

    /** Probes now (at most one discovery window) and returns the peers that answered, in order. */
    @PostMapping("/discover")
    public List<PeerSeen> discover() throws IOException {
        if (peer.discovery().isEmpty()) {
            throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "discovery is off (p2p.discovery.enabled=false)", null);
        }
        List<String> found = peer.discover();
        Instant now = Instant.now();
        Map<String, Instant> known = peer.discoveredPeers().stream()
                .collect(Collectors.toMap(DiscoveredPeer::name, DiscoveredPeer::lastSeen, (a, b) -> b));
        return found.stream().map(name -> new PeerSeen(name, known.getOrDefault(name, now), "broadcast")).toList();
    }
}
