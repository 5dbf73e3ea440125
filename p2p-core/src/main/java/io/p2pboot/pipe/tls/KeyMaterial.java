package io.p2pboot.pipe.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A private key with its certificate chain (leaf first), checked to belong together: a key that
 * does not match its certificate only fails later, in every handshake, with an obscure alert.
 */
record KeyMaterial(PrivateKey key, List<X509Certificate> chain) {

    KeyMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }

    /**
     * Throws when the key is not the one of the leaf certificate; {@code where} says which
     * settings the two came from.
     */
    KeyMaterial requireMatching(String where) {
        PublicKey publicKey = chain.get(0).getPublicKey();
        String signatureAlgorithm = signatureAlgorithm(key.getAlgorithm());
        if (signatureAlgorithm == null) {
            return this; // an algorithm we cannot test; the handshake will tell
        }
        if (!sameFamily(key.getAlgorithm(), publicKey.getAlgorithm())) {
            throw mismatch(where, "the key is " + key.getAlgorithm() + " but the certificate's key is "
                    + publicKey.getAlgorithm());
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw mismatch(where, "the key was not made for " + chain.get(0).getSubjectX500Principal());
            }
        } catch (GeneralSecurityException e) {
            throw mismatch(where, e.getMessage());
        }
        return this;
    }

    private static IllegalArgumentException mismatch(String where, String detail) {
        return new IllegalArgumentException(
                "TLS " + where + ": the private key does not match the certificate (" + detail + ")");
    }

    private static boolean sameFamily(String a, String b) {
        return family(a).equals(family(b));
    }

    private static String family(String algorithm) {
        return algorithm.equals("Ed25519") || algorithm.equals("Ed448") ? "EdDSA" : algorithm;
    }

    private static @Nullable String signatureAlgorithm(String keyAlgorithm) {
        switch (keyAlgorithm) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "DSA":
                return "SHA256withDSA";
            case "EdDSA":
            case "Ed25519":
            case "Ed448":
                return "EdDSA";
            default:
                return null;
        }
    }
}
