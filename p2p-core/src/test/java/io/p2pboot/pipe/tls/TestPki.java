package io.p2pboot.pipe.tls;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Certificates made at test time (nothing committed) and written as PEM or key store files; public
 * for the pipe and peer tests that speak TLS.
 */
public final class TestPki {

    /** DER of OID 1.2.840.113549.1.5.13 (PKCS#5 PBES2). */
    private static final byte[] PBES2_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};

    private final Path dir;

    public TestPki(Path dir) {
        this.dir = dir;
    }

    public static X509Bundle ca(String name) throws Exception {
        return base().subject("CN=" + name).setIsCertificateAuthority(true).buildSelfSigned();
    }

    /** A leaf naming the given IPs (IP SANs), usable as a TLS server and as a TLS client. */
    public static X509Bundle leaf(X509Bundle ca, String name, String... ipSans) throws Exception {
        CertificateBuilder builder = base().subject("CN=" + name);
        for (String ip : ipSans) {
            builder.addSanIpAddress(ip);
        }
        return builder
                .addExtendedKeyUsageServerAuth()
                .addExtendedKeyUsageClientAuth()
                .buildIssuedBy(ca);
    }

    private static CertificateBuilder base() {
        Instant now = Instant.now();
        return new CertificateBuilder().ecp256()
                .notBefore(now.minus(1, ChronoUnit.HOURS))
                .notAfter(now.plus(1, ChronoUnit.DAYS));
    }

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    public Path chainPem(X509Bundle leaf, String name) throws Exception {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : leaf.getCertificatePath()) {
            pem.append(pem(certificate.getEncoded(), "CERTIFICATE"));
        }
        return write(name, pem.toString());
    }

    public Path keyPem(X509Bundle leaf, String name) throws Exception {
        return write(name, pem(leaf.getKeyPair().getPrivate().getEncoded(), "PRIVATE KEY"));
    }

    /** PKCS#8 encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), as openssl pkcs8 -topk8 -v2 aes-256-cbc makes. */
    Path encryptedKeyPem(X509Bundle leaf, String password, String name) throws Exception {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        AlgorithmParameters parameters = AlgorithmParameters.getInstance(algorithm);
        parameters.init(new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.toCharArray())),
                parameters);
        byte[] encrypted = cipher.doFinal(leaf.getKeyPair().getPrivate().getEncoded());
        // Java 17 cannot encode PBES2 in EncryptedPrivateKeyInfo, so the DER is assembled here:
        // SEQUENCE { SEQUENCE { OID pbes2, PBES2-params }, OCTET STRING encrypted }
        byte[] algorithmId = der(0x30, concat(PBES2_OID, cipher.getParameters().getEncoded()));
        byte[] info = der(0x30, concat(algorithmId, der(0x04, encrypted)));
        new EncryptedPrivateKeyInfo(info); // the JDK can read it back
        return write(name, pem(info, "ENCRYPTED PRIVATE KEY"));
    }

    public Path caPem(X509Bundle ca, String name) throws Exception {
        return write(name, pem(ca.getCertificate().getEncoded(), "CERTIFICATE"));
    }

    /** A key store with one key entry whose password may differ from the store password. */
    Path keyStore(X509Bundle leaf, String type, String alias, String storePassword, String keyPassword, String name)
            throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry(alias, leaf.getKeyPair().getPrivate(), keyPassword.toCharArray(), leaf.getCertificatePath());
        return save(store, storePassword, name);
    }

    Path trustStore(X509Bundle ca, String type, String storePassword, String name) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setCertificateEntry("ca", ca.getCertificate());
        return save(store, storePassword, name);
    }

    private Path save(KeyStore store, String password, String name) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(new byte[] {(byte) tag}, concat(length, content));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static String pem(byte[] der, String label) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
