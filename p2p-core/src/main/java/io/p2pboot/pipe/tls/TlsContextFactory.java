package io.p2pboot.pipe.tls;

import static io.p2pboot.pipe.tls.TlsSettings.CERTIFICATE_CHAIN;
import static io.p2pboot.pipe.tls.TlsSettings.KEY_ALIAS;
import static io.p2pboot.pipe.tls.TlsSettings.KEY_PASSWORD;
import static io.p2pboot.pipe.tls.TlsSettings.KEY_STORE;
import static io.p2pboot.pipe.tls.TlsSettings.KEY_STORE_PASSWORD;
import static io.p2pboot.pipe.tls.TlsSettings.PRIVATE_KEY;
import static io.p2pboot.pipe.tls.TlsSettings.PRIVATE_KEY_PASSWORD;
import static io.p2pboot.pipe.tls.TlsSettings.TRUST_CERTIFICATES;
import static io.p2pboot.pipe.tls.TlsSettings.TRUST_STORE;
import static io.p2pboot.pipe.tls.TlsSettings.TRUST_STORE_PASSWORD;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the files a {@link TlsSettings} names and builds Netty's server or client context from
 * them; every problem is an {@link IllegalArgumentException} naming the setting and the file.
 */
final class TlsContextFactory {

    /** Under the settings' name: the trust-all warning is about them. */
    private static final Logger log = LoggerFactory.getLogger(TlsSettings.class);

    private final TlsSettings settings;

    TlsContextFactory(TlsSettings settings) {
        this.settings = settings;
    }

    /** The server-side context; needs key material. */
    SslContext serverContext() {
        if (!settings.hasKeyMaterial()) {
            throw new IllegalStateException("a TLS server needs a certificate: set '" + CERTIFICATE_CHAIN + "' and '"
                    + PRIVATE_KEY + "', or '" + KEY_STORE + "', or a key manager factory");
        }
        SslContextBuilder builder;
        if (settings.keyManagerFactory() != null) {
            builder = SslContextBuilder.forServer(settings.keyManagerFactory());
        } else {
            KeyMaterial material = keyMaterial();
            builder = SslContextBuilder.forServer(material.key(), material.chainArray());
        }
        applyTrust(builder);
        builder.clientAuth(settings.clientAuth().toNetty());
        return build(applyCommon(builder), "server");
    }

    /** The client-side context; presents key material when there is some. */
    SslContext clientContext() {
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (settings.keyManagerFactory() != null) {
            builder.keyManager(settings.keyManagerFactory());
        } else if (settings.hasKeyMaterial()) {
            KeyMaterial material = keyMaterial();
            builder.keyManager(material.key(), material.chainArray());
        }
        applyTrust(builder);
        // Netty needs the peer host on the engine: pipes create it with newHandler(alloc, host, port).
        builder.endpointIdentificationAlgorithm(settings.hostnameVerification() ? "HTTPS" : null);
        return build(applyCommon(builder), "client");
    }

    private KeyMaterial keyMaterial() {
        Path key = settings.privateKey();
        if (key != null) {
            Path chain = settings.certificateChain();
            KeyMaterial material = new KeyMaterial(
                    PemReader.privateKey(key, chars(settings.privateKeyPassword()), PRIVATE_KEY, PRIVATE_KEY_PASSWORD),
                    PemReader.certificates(chain, CERTIFICATE_CHAIN));
            return material.requireMatching("settings '" + PRIVATE_KEY + "' (" + key.toAbsolutePath()
                    + ") and '" + CERTIFICATE_CHAIN + "' (" + chain.toAbsolutePath() + ")");
        }
        Path file = settings.keyStore();
        String type = KeyStoreReader.type(file, settings.keyStoreType());
        KeyStore store = KeyStoreReader.load(
                file, type, chars(settings.keyStorePassword()), KEY_STORE, KEY_STORE_PASSWORD);
        String keyPassword = settings.keyPassword() != null ? settings.keyPassword() : settings.keyStorePassword();
        String keyPasswordSetting = settings.keyPassword() != null ? KEY_PASSWORD : KEY_STORE_PASSWORD;
        char[] password = chars(keyPassword);
        KeyMaterial material = KeyStoreReader.keyMaterial(store, file, settings.keyAlias(),
                password == null ? new char[0] : password, KEY_ALIAS, keyPasswordSetting);
        return material.requireMatching("setting '" + KEY_STORE + "' (" + file.toAbsolutePath() + ")");
    }

    private void applyTrust(SslContextBuilder builder) {
        if (settings.trustAll()) {
            log.warn("TLS trust-all is ON: any certificate from any peer is accepted and host names are not "
                    + "checked. This is for tests only; never use it on a real network.");
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (settings.trustManagerFactory() != null) {
            builder.trustManager(settings.trustManagerFactory());
        } else if (settings.trustCertificates() != null) {
            builder.trustManager(PemReader.certificates(settings.trustCertificates(), TRUST_CERTIFICATES));
        } else if (settings.trustStore() != null) {
            Path file = settings.trustStore();
            String type = KeyStoreReader.type(file, settings.trustStoreType());
            KeyStore store = KeyStoreReader.load(
                    file, type, chars(settings.trustStorePassword()), TRUST_STORE, TRUST_STORE_PASSWORD);
            builder.trustManager(KeyStoreReader.trustManagers(store, file, TRUST_STORE));
        }
        // else: the JVM's default trusted CAs
    }

    private SslContextBuilder applyCommon(SslContextBuilder builder) {
        if (!settings.protocols().isEmpty()) {
            builder.protocols(settings.protocols());
        }
        if (!settings.ciphers().isEmpty()) {
            builder.ciphers(settings.ciphers());
        }
        return builder;
    }

    private static SslContext build(SslContextBuilder builder, String side) {
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("TLS: cannot build the " + side + " context: " + e.getMessage(), e);
        }
    }

    private static char @Nullable [] chars(@Nullable String password) {
        return password == null ? null : password.toCharArray();
    }
}
