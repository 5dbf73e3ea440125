/**
 * The Peerpy wire protocol, byte for byte: 128-byte headers, DATA frames and their payload
 * types, and the Netty decoder that cuts a connection's bytes into them within the peer's
 * memory bounds. Knows nothing of peers, pipes or Spring.
 */
@NullMarked
package io.p2pboot.protocol;

import org.jspecify.annotations.NullMarked;
