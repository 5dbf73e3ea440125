/** The peer's public mapping found by STUN at start-up ({@code p2p.stun.server}), shown in health. */
@NullMarked
package io.p2pboot.autoconfigure.stun;

import org.jspecify.annotations.NullMarked;
