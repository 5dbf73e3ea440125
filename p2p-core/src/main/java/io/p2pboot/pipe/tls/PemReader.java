package io.p2pboot.pipe.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;
import java.io.IOException;

/**
 * Reads PEM certificates and PKCS#8 private keys (plain or password-encrypted) with the JDK alone,
 * so that every failure can be reported in terms of the setting the user wrote, rather than as a
 * generic "file does not contain valid certificates".
 */
final class PemReader {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String PBES2_OID = "1.2.840.113549.1.5.13";
    /** Key algorithms tried in turn, since a PKCS#8 blob does not say which JDK factory to use. */
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA"};

    private PemReader() {
    }

    /** All certificates of a PEM file, in file order (leaf first for a chain). */
    static List<X509Certificate> certificates(Path file, String setting) {
        String text = new String(TlsFiles.read(file, setting), StandardCharsets.US_ASCII);
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = x509Factory();
        for (Block block : blocks(text)) {
            if (!block.label.equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(block.der(file, setting))));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("TLS setting '" + setting + "': certificate #"
                        + (certificates.size() + 1) + " in " + file.toAbsolutePath() + " is not a valid X.509 certificate", e);
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("TLS setting '" + setting + "': no PEM certificate "
                    + "(-----BEGIN CERTIFICATE-----) found in " + file.toAbsolutePath());
        }
        return certificates;
    }

    /**
     * The private key of a PEM file: {@code PRIVATE KEY} (PKCS#8) or {@code ENCRYPTED PRIVATE KEY}
     * (PKCS#8 encrypted with a password, e.g. {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}).
     */
    static PrivateKey privateKey(Path file, char @Nullable [] password, String setting, String passwordSetting) {
        String text = new String(TlsFiles.read(file, setting), StandardCharsets.US_ASCII);
        for (Block block : blocks(text)) {
            switch (block.label) {
                case "PRIVATE KEY":
                    return toKey(new PKCS8EncodedKeySpec(block.der(file, setting)), file, setting);
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null) {
                        throw new IllegalArgumentException("TLS setting '" + setting + "': the private key in "
                                + file.toAbsolutePath() + " is encrypted; set '" + passwordSetting + "'");
                    }
                    return toKey(decrypt(block.der(file, setting), password, file, passwordSetting), file, setting);
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                case "DSA PRIVATE KEY":
                    throw new IllegalArgumentException("TLS setting '" + setting + "': " + file.toAbsolutePath()
                            + " holds a '" + block.label + "' (PKCS#1/SEC1); a PKCS#8 key is needed, convert it with"
                            + " 'openssl pkcs8 -topk8' (add -nocrypt for an unencrypted key)");
                default:
                    // certificates or parameters next to the key are allowed
            }
        }
        throw new IllegalArgumentException("TLS setting '" + setting + "': no PEM private key "
                + "(-----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----) found in "
                + file.toAbsolutePath());
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, char[] password, Path file, String passwordSetting) {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new IllegalArgumentException("TLS setting '" + passwordSetting + "': the encrypted private key in "
                    + file.toAbsolutePath() + " is damaged", e);
        }
        String algorithm = info.getAlgName();
        AlgorithmParameters parameters = info.getAlgParameters();
        if (("PBES2".equalsIgnoreCase(algorithm) || PBES2_OID.equals(algorithm)) && parameters != null) {
            // The JDK names PBES2 keys by their parameters, e.g. PBEWithHmacSHA256AndAES_256.
            algorithm = parameters.toString();
        }
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), parameters);
            return info.getKeySpec(cipher);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("TLS setting '" + passwordSetting + "': the private key in "
                    + file.toAbsolutePath() + " is encrypted with " + algorithm
                    + ", which this JVM does not support; re-encrypt it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'", e);
        } catch (InvalidKeySpecException e) {
            throw wrongPassword(file, passwordSetting, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS setting '" + passwordSetting + "': cannot decrypt the private key in "
                    + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException wrongPassword(Path file, String passwordSetting, Exception cause) {
        return new IllegalArgumentException("TLS setting '" + passwordSetting + "': wrong password for the encrypted "
                + "private key in " + file.toAbsolutePath(), cause);
    }

    private static PrivateKey toKey(PKCS8EncodedKeySpec spec, Path file, String setting) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("TLS setting '" + setting + "': the private key in " + file.toAbsolutePath()
                + " is not an RSA, EC, EdDSA or DSA PKCS#8 key (or the key password is wrong)");
    }

    private static CertificateFactory x509Factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 certificate factory", e);
        }
    }

    private static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        return blocks;
    }

    private static final class Block {
        final String label;
        final String body;

        Block(String label, String body) {
            this.label = label;
            this.body = body;
        }

        byte[] der(Path file, String setting) {
            if (body.contains("Proc-Type:")) {
                throw new IllegalArgumentException("TLS setting '" + setting + "': " + file.toAbsolutePath()
                        + " uses OpenSSL's legacy PEM encryption; convert the key with 'openssl pkcs8 -topk8'");
            }
            try {
                return Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TLS setting '" + setting + "': the '" + label + "' block in "
                        + file.toAbsolutePath() + " is not valid base64", e);
            }
        }
    }
}
