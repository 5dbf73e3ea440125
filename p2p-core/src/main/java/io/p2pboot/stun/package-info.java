/**
 * STUN (an RFC 8489 Binding request) over a UDP pipe: asks a STUN server which address and port
 * a local UDP socket is seen from outside its NAT.
 */
@NullMarked
package io.p2pboot.stun;

import org.jspecify.annotations.NullMarked;
