package io.p2pboot.pipe.tls;

import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * The TLS contexts a pipe uses when {@code use_ssl} is on: one for the server side of a TCP pipe,
 * one for the client side. Either may be missing when a pipe only plays the other role.
 *
 * <p>Each connection takes the contexts current when it opens, so {@link #update} (a certificate
 * renewed on disk, say) applies to new connections at once, and open ones keep theirs.
 */
public final class TlsContexts {

    private volatile @Nullable SslContext server;
    private volatile @Nullable SslContext client;

    private TlsContexts(@Nullable SslContext server, @Nullable SslContext client) {
        this.server = server;
        this.client = client;
    }

    public static TlsContexts of(@Nullable SslContext server, @Nullable SslContext client) {
        if (server == null && client == null) {
            throw new IllegalArgumentException("at least one of the server and client TLS contexts is needed");
        }
        if (server != null && !server.isServer()) {
            throw new IllegalArgumentException("the server TLS context is a client context");
        }
        if (client != null && !client.isClient()) {
            throw new IllegalArgumentException("the client TLS context is a server context");
        }
        return new TlsContexts(server, client);
    }

    /**
     * Takes the contexts of {@code newer} for the connections opened from now on (its missing
     * side, if any, stays missing); those already open keep the contexts they began with.
     */
    public void update(TlsContexts newer) {
        SslContext s = newer.server;
        SslContext c = newer.client;
        this.server = s;
        this.client = c;
    }

    /**
     * The context of the server side, for a TCP server's clients.
     *
     * @throws IllegalStateException when none was given: {@code use_ssl} cannot serve without a certificate
     */
    public SslContext server() {
        SslContext s = server;
        if (s == null) {
            throw new IllegalStateException("use_ssl is on but no server certificate is configured");
        }
        return s;
    }

    /**
     * The context of the client side, for a dialled or wrapped TCP pipe.
     *
     * @throws IllegalStateException when none was given
     */
    public SslContext client() {
        SslContext c = client;
        if (c == null) {
            throw new IllegalStateException("use_ssl is on but no client TLS settings are configured");
        }
        return c;
    }
}
