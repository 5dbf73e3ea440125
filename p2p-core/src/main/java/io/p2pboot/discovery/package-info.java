/**
 * Finding peers on the local network: PING broadcasts over UDP and the PONGs that answer them
 * (Peerpy's discovery), tracked into peers discovered and lost.
 */
@NullMarked
package io.p2pboot.discovery;

import org.jspecify.annotations.NullMarked;
