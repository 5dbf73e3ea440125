package io.p2pboot.autoconfigure.health;

import org.springframework.boot.health.contributor.Health;

/**
 * More details of the {@code p2p} health, from a part of the peer that has its own state (a peer
 * source's registry, say): every bean of this type adds its own, whatever the peer's status. A
 * detail never changes that status: the peer keeps its connections and the peers it knew.
 */
@FunctionalInterface
public interface P2pHealthDetails {

    /** Adds this part's details (under a key of its own, such as {@code registry}). */
    void addTo(Health.Builder builder);
}
