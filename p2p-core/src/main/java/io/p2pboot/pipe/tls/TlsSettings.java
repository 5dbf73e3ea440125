package io.p2pboot.pipe.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where a pipe's TLS keys and trust come from, and how strict it is, turned into Netty contexts
 * by {@link #toContexts()}.
 *
 * <p>Key material (what this side presents) comes from exactly one of: PEM files
 * ({@code certificate-chain} + {@code private-key}, PKCS#8, optionally encrypted), a key store
 * (PKCS12 or JKS), or a ready-made {@link KeyManagerFactory}. Trust (which peers' certificates are
 * accepted) comes from at most one of: a PEM file of CA certificates, a trust store, a ready-made
 * {@link TrustManagerFactory}; without any, the JVM's default CAs are used. The server side needs
 * key material; the client side presents its key material when it has some (mutual TLS).
 *
 * <p>Files are read when the contexts are built ({@link TlsContextFactory}), and every problem is
 * an {@link IllegalArgumentException} that names the setting and the file. Settings that do not go
 * together (two key sources, a password without its file) are refused by {@link Builder#build()}
 * rather than silently ignored.
 *
 * <p>Longer than most classes (about 400 lines) for one job: nineteen settings, each a field, a
 * documented builder method and a line of {@code toString}, and the builder's checks that they go
 * together. Splitting the settings would split the one place a user reads to configure TLS.
 */
public final class TlsSettings {

    /** Setting names used in error messages; they match the configuration property names. */
    static final String CERTIFICATE_CHAIN = "certificate-chain";
    static final String PRIVATE_KEY = "private-key";
    static final String PRIVATE_KEY_PASSWORD = "private-key-password";
    static final String TRUST_CERTIFICATES = "trust-certificates";
    static final String KEY_STORE = "key-store";
    static final String KEY_STORE_TYPE = "key-store-type";
    static final String KEY_STORE_PASSWORD = "key-store-password";
    static final String KEY_PASSWORD = "key-password";
    static final String KEY_ALIAS = "key-alias";
    static final String TRUST_STORE = "trust-store";
    static final String TRUST_STORE_TYPE = "trust-store-type";
    static final String TRUST_STORE_PASSWORD = "trust-store-password";

    private final @Nullable Path certificateChain;
    private final @Nullable Path privateKey;
    private final @Nullable String privateKeyPassword;
    private final @Nullable Path trustCertificates;
    private final @Nullable Path keyStore;
    private final @Nullable String keyStoreType;
    private final @Nullable String keyStorePassword;
    private final @Nullable String keyPassword;
    private final @Nullable String keyAlias;
    private final @Nullable Path trustStore;
    private final @Nullable String trustStoreType;
    private final @Nullable String trustStorePassword;
    private final @Nullable KeyManagerFactory keyManagerFactory;
    private final @Nullable TrustManagerFactory trustManagerFactory;
    private final TlsClientAuth clientAuth;
    private final List<String> protocols;
    private final List<String> ciphers;
    private final boolean hostnameVerification;
    private final boolean trustAll;

    private TlsSettings(Builder b) {
        certificateChain = b.certificateChain;
        privateKey = b.privateKey;
        privateKeyPassword = b.privateKeyPassword;
        trustCertificates = b.trustCertificates;
        keyStore = b.keyStore;
        keyStoreType = b.keyStoreType;
        keyStorePassword = b.keyStorePassword;
        keyPassword = b.keyPassword;
        keyAlias = b.keyAlias;
        trustStore = b.trustStore;
        trustStoreType = b.trustStoreType;
        trustStorePassword = b.trustStorePassword;
        keyManagerFactory = b.keyManagerFactory;
        trustManagerFactory = b.trustManagerFactory;
        clientAuth = b.clientAuth;
        protocols = List.copyOf(b.protocols);
        ciphers = List.copyOf(b.ciphers);
        hostnameVerification = b.hostnameVerification;
        trustAll = b.trustAll;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this side has a certificate to present (always needed by a TLS server). */
    public boolean hasKeyMaterial() {
        return privateKey != null || keyStore != null || keyManagerFactory != null;
    }

    public TlsClientAuth clientAuth() {
        return clientAuth;
    }

    public List<String> protocols() {
        return protocols;
    }

    public List<String> ciphers() {
        return ciphers;
    }

    public boolean hostnameVerification() {
        return hostnameVerification && !trustAll;
    }

    public boolean trustAll() {
        return trustAll;
    }

    /**
     * Reads the configured files and builds both contexts: the server one only when there is key
     * material, the client one always.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public TlsContexts toContexts() {
        return TlsContexts.of(hasKeyMaterial() ? serverContext() : null, clientContext());
    }

    /** The server-side context; needs key material. */
    public SslContext serverContext() {
        return new TlsContextFactory(this).serverContext();
    }

    /** The client-side context; presents key material when there is some. */
    public SslContext clientContext() {
        return new TlsContextFactory(this).clientContext();
    }

    // What TlsContextFactory reads; each is null when not set.
    @Nullable Path certificateChain() { return certificateChain; }
    @Nullable Path privateKey() { return privateKey; }
    @Nullable String privateKeyPassword() { return privateKeyPassword; }
    @Nullable Path trustCertificates() { return trustCertificates; }
    @Nullable Path keyStore() { return keyStore; }
    @Nullable String keyStoreType() { return keyStoreType; }
    @Nullable String keyStorePassword() { return keyStorePassword; }
    @Nullable String keyPassword() { return keyPassword; }
    @Nullable String keyAlias() { return keyAlias; }
    @Nullable Path trustStore() { return trustStore; }
    @Nullable String trustStoreType() { return trustStoreType; }
    @Nullable String trustStorePassword() { return trustStorePassword; }
    @Nullable KeyManagerFactory keyManagerFactory() { return keyManagerFactory; }
    @Nullable TrustManagerFactory trustManagerFactory() { return trustManagerFactory; }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TlsSettings{");
        if (privateKey != null) {
            s.append("pem key=").append(privateKey).append(", chain=").append(certificateChain);
        } else if (keyStore != null) {
            s.append("key-store=").append(keyStore);
        } else if (keyManagerFactory != null) {
            s.append("key-manager-factory");
        } else {
            s.append("no key");
        }
        s.append(", trust=");
        if (trustAll) {
            s.append("ALL (insecure)");
        } else if (trustManagerFactory != null) {
            s.append("trust-manager-factory");
        } else if (trustCertificates != null) {
            s.append(trustCertificates);
        } else if (trustStore != null) {
            s.append(trustStore);
        } else {
            s.append("JVM default");
        }
        return s.append(", client-auth=").append(clientAuth)
                .append(", protocols=").append(protocols.isEmpty() ? "default" : protocols)
                .append(", ciphers=").append(ciphers.isEmpty() ? "default" : ciphers)
                .append(", hostname-verification=").append(hostnameVerification())
                .append('}').toString(); // passwords are never printed
    }

    /** Collects the settings; {@link #build()} checks that they go together. */
    public static final class Builder {
        private @Nullable Path certificateChain;
        private @Nullable Path privateKey;
        private @Nullable String privateKeyPassword;
        private @Nullable Path trustCertificates;
        private @Nullable Path keyStore;
        private @Nullable String keyStoreType;
        private @Nullable String keyStorePassword;
        private @Nullable String keyPassword;
        private @Nullable String keyAlias;
        private @Nullable Path trustStore;
        private @Nullable String trustStoreType;
        private @Nullable String trustStorePassword;
        private @Nullable KeyManagerFactory keyManagerFactory;
        private @Nullable TrustManagerFactory trustManagerFactory;
        private TlsClientAuth clientAuth = TlsClientAuth.NONE;
        private List<String> protocols = List.of();
        private List<String> ciphers = List.of();
        private boolean hostnameVerification = true;
        private boolean trustAll;

        private Builder() {
        }

        /** PEM file with this side's certificate, then its intermediates (leaf first). */
        public Builder certificateChain(@Nullable Path file) {
            this.certificateChain = file;
            return this;
        }

        /** PEM file with this side's PKCS#8 private key ({@code PRIVATE KEY} or {@code ENCRYPTED PRIVATE KEY}). */
        public Builder privateKey(@Nullable Path file) {
            this.privateKey = file;
            return this;
        }

        /** Password of an encrypted PKCS#8 private key. */
        public Builder privateKeyPassword(@Nullable String password) {
            this.privateKeyPassword = password;
            return this;
        }

        /** PEM file of the CA certificates whose peers are trusted. */
        public Builder trustCertificates(@Nullable Path file) {
            this.trustCertificates = file;
            return this;
        }

        /** PKCS12 or JKS file holding this side's key and certificate chain. */
        public Builder keyStore(@Nullable Path file) {
            this.keyStore = file;
            return this;
        }

        /** {@code PKCS12} or {@code JKS}; by default guessed from the file name ({@code .jks}), else PKCS12. */
        public Builder keyStoreType(@Nullable String type) {
            this.keyStoreType = type;
            return this;
        }

        public Builder keyStorePassword(@Nullable String password) {
            this.keyStorePassword = password;
            return this;
        }

        /** Password of the key entry; by default the key store password. */
        public Builder keyPassword(@Nullable String password) {
            this.keyPassword = password;
            return this;
        }

        /** Which key entry to use; may be left out when the store holds exactly one key. */
        public Builder keyAlias(@Nullable String alias) {
            this.keyAlias = alias;
            return this;
        }

        /** PKCS12 or JKS file of trusted CA certificates. */
        public Builder trustStore(@Nullable Path file) {
            this.trustStore = file;
            return this;
        }

        public Builder trustStoreType(@Nullable String type) {
            this.trustStoreType = type;
            return this;
        }

        public Builder trustStorePassword(@Nullable String password) {
            this.trustStorePassword = password;
            return this;
        }

        /** Ready-made key managers, e.g. from a Spring Boot SSL bundle. */
        public Builder keyManagerFactory(@Nullable KeyManagerFactory factory) {
            this.keyManagerFactory = factory;
            return this;
        }

        /** Ready-made trust managers, e.g. from a Spring Boot SSL bundle. */
        public Builder trustManagerFactory(@Nullable TrustManagerFactory factory) {
            this.trustManagerFactory = factory;
            return this;
        }

        /** Whether the server side asks connecting peers for a certificate (default NONE). */
        public Builder clientAuth(TlsClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /** Enabled protocols, e.g. {@code TLSv1.3, TLSv1.2}; none given means the JVM's defaults. */
        public Builder protocols(String... protocols) {
            return protocols(Arrays.asList(protocols));
        }

        public Builder protocols(List<String> protocols) {
            this.protocols = cleaned(protocols, "protocols");
            return this;
        }

        /** Enabled cipher suites, in order of preference; none given means the JVM's defaults. */
        public Builder ciphers(String... ciphers) {
            return ciphers(Arrays.asList(ciphers));
        }

        public Builder ciphers(List<String> ciphers) {
            this.ciphers = cleaned(ciphers, "ciphers");
            return this;
        }

        /**
         * Whether the client checks that the server's certificate names the host or IP it dialled
         * (endpoint identification "HTTPS"). On by default; turn off only for peers known by
         * address whose certificates cannot name it.
         */
        public Builder hostnameVerification(boolean verify) {
            this.hostnameVerification = verify;
            return this;
        }

        /**
         * <b>INSECURE — for tests only.</b> Accept every certificate from every peer, without any
         * check of issuer, validity or host name. Anyone on the path can then read and change
         * the traffic. Logged as a warning each time contexts are built. Never turn this on for a
         * real network.
         */
        public Builder trustAll(boolean trustAll) {
            this.trustAll = trustAll;
            return this;
        }

        /** Checks that the settings go together and freezes them; files are read later. */
        public TlsSettings build() {
            boolean pem = certificateChain != null || privateKey != null;
            if (pem && (certificateChain == null || privateKey == null)) {
                throw new IllegalArgumentException("TLS settings '" + CERTIFICATE_CHAIN + "' and '" + PRIVATE_KEY
                        + "' go together; set both (missing: '"
                        + (certificateChain == null ? CERTIFICATE_CHAIN : PRIVATE_KEY) + "')");
            }
            int keySources = (pem ? 1 : 0) + (keyStore != null ? 1 : 0) + (keyManagerFactory != null ? 1 : 0);
            if (keySources > 1) {
                throw new IllegalArgumentException("TLS: set only one source of key material: PEM files ('"
                        + CERTIFICATE_CHAIN + "' + '" + PRIVATE_KEY + "'), '" + KEY_STORE + "', or a key manager factory");
            }
            int trustSources = (trustCertificates != null ? 1 : 0) + (trustStore != null ? 1 : 0)
                    + (trustManagerFactory != null ? 1 : 0) + (trustAll ? 1 : 0);
            if (trustSources > 1) {
                throw new IllegalArgumentException("TLS: set only one source of trust: '" + TRUST_CERTIFICATES
                        + "', '" + TRUST_STORE + "', a trust manager factory, or trust-all");
            }
            requireOwner(privateKeyPassword, PRIVATE_KEY_PASSWORD, privateKey, PRIVATE_KEY);
            requireOwner(keyStoreType, KEY_STORE_TYPE, keyStore, KEY_STORE);
            requireOwner(keyStorePassword, KEY_STORE_PASSWORD, keyStore, KEY_STORE);
            requireOwner(keyPassword, KEY_PASSWORD, keyStore, KEY_STORE);
            requireOwner(keyAlias, KEY_ALIAS, keyStore, KEY_STORE);
            requireOwner(trustStoreType, TRUST_STORE_TYPE, trustStore, TRUST_STORE);
            requireOwner(trustStorePassword, TRUST_STORE_PASSWORD, trustStore, TRUST_STORE);
            checkSupported();
            return new TlsSettings(this);
        }

        private void checkSupported() {
            if (SslContext.defaultServerProvider() != SslProvider.JDK || (protocols.isEmpty() && ciphers.isEmpty())) {
                return;
            }
            SSLParameters supported;
            try {
                supported = SSLContext.getDefault().getSupportedSSLParameters();
            } catch (NoSuchAlgorithmException e) {
                return;
            }
            List<String> knownProtocols = Arrays.asList(supported.getProtocols());
            for (String protocol : protocols) {
                if (!knownProtocols.contains(protocol)) {
                    throw new IllegalArgumentException("TLS setting 'protocols': '" + protocol
                            + "' is not supported by this JVM (supported: " + knownProtocols + ")");
                }
            }
            List<String> knownCiphers = Arrays.asList(supported.getCipherSuites());
            for (String cipher : ciphers) {
                if (!knownCiphers.contains(cipher)) {
                    throw new IllegalArgumentException("TLS setting 'ciphers': '" + cipher
                            + "' is not a cipher suite this JVM supports");
                }
            }
        }

        private static void requireOwner(@Nullable Object value, String setting, @Nullable Path owner,
                String ownerSetting) {
            if (value != null && owner == null) {
                throw new IllegalArgumentException("TLS setting '" + setting + "' is set but '" + ownerSetting
                        + "' is not; it would have no effect");
            }
        }

        private static List<String> cleaned(List<String> values, String setting) {
            List<String> result = new ArrayList<>();
            for (String value : Objects.requireNonNull(values, setting)) {
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException("TLS setting '" + setting + "' has an empty entry");
                }
                result.add(value.trim());
            }
            return List.copyOf(result);
        }
    }
}
