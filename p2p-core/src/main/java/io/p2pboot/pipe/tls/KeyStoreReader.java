package io.p2pboot.pipe.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Loads PKCS12/JKS key and trust stores and takes out what TLS needs, turning the JDK's
 * exceptions (a wrong password is an {@code IOException} caused by an
 * {@code UnrecoverableKeyException}) into messages that name the setting to fix.
 */
final class KeyStoreReader {

    private KeyStoreReader() {
    }

    /** The store type to use: the configured one, else guessed from the extension (.jks), else PKCS12. */
    static String type(Path file, @Nullable String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    static KeyStore load(Path file, String type, char @Nullable [] password, String setting,
                         String passwordSetting) {
        byte[] bytes = TlsFiles.read(file, setting);
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("TLS setting '" + setting + "': unknown key store type '" + type
                    + "' (use PKCS12 or JKS)", e);
        }
        try {
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("TLS setting '" + passwordSetting + "': wrong password for the "
                        + type + " key store " + file.toAbsolutePath(), e);
            }
            throw new IllegalArgumentException("TLS setting '" + setting + "': " + file.toAbsolutePath()
                    + " is not a readable " + type + " key store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS setting '" + setting + "': cannot load the " + type
                    + " key store " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The private key entry named {@code alias}, or the only one in the store when no alias is set. */
    static KeyMaterial keyMaterial(KeyStore store, Path file, @Nullable String alias, char[] keyPassword,
                                   String aliasSetting, String keyPasswordSetting) {
        String chosen = alias != null && !alias.isBlank() ? alias : onlyKeyAlias(store, file, aliasSetting);
        try {
            if (!store.containsAlias(chosen)) {
                throw new IllegalArgumentException("TLS setting '" + aliasSetting + "': no entry '" + chosen
                        + "' in the key store " + file.toAbsolutePath() + " (entries: " + aliases(store) + ")");
            }
            if (!store.isKeyEntry(chosen)) {
                throw new IllegalArgumentException("TLS setting '" + aliasSetting + "': the entry '" + chosen
                        + "' in " + file.toAbsolutePath() + " holds no private key");
            }
            Key key = store.getKey(chosen, keyPassword);
            if (!(key instanceof PrivateKey)) {
                throw new IllegalArgumentException("TLS setting '" + aliasSetting + "': the entry '" + chosen
                        + "' in " + file.toAbsolutePath() + " holds no private key");
            }
            Certificate[] chain = store.getCertificateChain(chosen);
            if (chain == null || chain.length == 0) {
                throw new IllegalArgumentException("TLS setting '" + aliasSetting + "': the key '" + chosen
                        + "' in " + file.toAbsolutePath() + " has no certificate chain");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : chain) {
                certificates.add((X509Certificate) certificate);
            }
            return new KeyMaterial((PrivateKey) key, certificates);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("TLS setting '" + keyPasswordSetting + "': wrong password for the key '"
                    + chosen + "' in " + file.toAbsolutePath(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS: cannot read the key '" + chosen + "' from "
                    + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** A trust manager factory over every certificate of a trust store. */
    static TrustManagerFactory trustManagers(KeyStore store, Path file, String setting) {
        try {
            boolean anyCertificate = false;
            for (String alias : Collections.list(store.aliases())) {
                anyCertificate |= store.isCertificateEntry(alias) || store.getCertificate(alias) != null;
            }
            if (!anyCertificate) {
                throw new IllegalArgumentException("TLS setting '" + setting + "': the trust store "
                        + file.toAbsolutePath() + " holds no certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS setting '" + setting + "': cannot use the trust store "
                    + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String onlyKeyAlias(KeyStore store, Path file, String aliasSetting) {
        List<String> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("key store not loaded", e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("TLS: the key store " + file.toAbsolutePath() + " holds no private key");
        }
        if (keys.size() > 1) {
            throw new IllegalArgumentException("TLS setting '" + aliasSetting + "': the key store "
                    + file.toAbsolutePath() + " holds several keys " + keys + "; set which one to use");
        }
        return keys.get(0);
    }

    private static List<String> aliases(KeyStore store) throws KeyStoreException {
        return Collections.list(store.aliases());
    }
}
