/** The mesh in a Spring application: {@code p2p.mesh.*}, its events, its meters. */
@NullMarked
package io.p2pboot.autoconfigure.mesh;

import org.jspecify.annotations.NullMarked;
