/**
 * TLS for pipes: where keys and trust come from ({@link io.p2pboot.pipe.tls.TlsSettings}), read
 * from PEM files or key stores into the Netty contexts a pipe's configuration takes.
 */
@NullMarked
package io.p2pboot.pipe.tls;

import org.jspecify.annotations.NullMarked;
