/**
 * The application events the starter publishes about the peer: connections opened and closed,
 * peers discovered and lost, all under {@link P2pEvent}.
 */
@NullMarked
package io.p2pboot.autoconfigure.event;

import org.jspecify.annotations.NullMarked;
