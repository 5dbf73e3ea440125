package io.p2pboot.pipe.tls;

import io.netty.handler.ssl.ClientAuth;

/**
 * Whether the server side of a TLS pipe asks the connecting peer for a certificate. Kept as our
 * own type so that configuration (and Spring properties) does not depend on Netty's enum.
 */
public enum TlsClientAuth {
    /** The server does not ask for a client certificate. */
    NONE(ClientAuth.NONE),
    /** The server asks; a client without a certificate is still accepted. */
    OPTIONAL(ClientAuth.OPTIONAL),
    /** The server asks and rejects a client that has no certificate it trusts (mutual TLS). */
    REQUIRE(ClientAuth.REQUIRE);

    private final ClientAuth netty;

    TlsClientAuth(ClientAuth netty) {
        this.netty = netty;
    }

    ClientAuth toNetty() {
        return netty;
    }
}
