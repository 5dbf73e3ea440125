/**
 * The application events the starter publishes about the peer: connections opened and closed,
 * peers discovered and lost, the mesh's reconnects and give-ups, all under {@link P2pEvent}.
 */
@NullMarked
package io.p2pboot.autoconfigure.event;

import org.jspecify.annotations.NullMarked;
