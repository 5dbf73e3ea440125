package io.p2pboot.mesh;

import io.p2pboot.discovery.DiscoveredPeer;

/** Which discovered peers the mesh connects to; the others are found but left alone. */
@FunctionalInterface
public interface MeshFilter {

    /** Every peer. */
    MeshFilter ALL = found -> true;

    /** Whether the mesh should connect to, and keep a connection with, this peer. */
    boolean accepts(DiscoveredPeer found);
}
