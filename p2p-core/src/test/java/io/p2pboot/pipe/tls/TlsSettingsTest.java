package io.p2pboot.pipe.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building contexts from each source, and the errors a wrong configuration gets. */
class TlsSettingsTest {

    private static X509Bundle ca;
    private static X509Bundle leaf;
    private static X509Bundle otherLeaf;

    @TempDir
    Path dir;
    private TestPki pki;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestPki.ca("p2p test CA");
        leaf = TestPki.leaf(ca, "peer", "127.0.0.1");
        otherLeaf = TestPki.leaf(ca, "other peer", "127.0.0.1");
    }

    @BeforeEach
    void pki() {
        pki = new TestPki(dir);
    }

    @Test
    void pemKeyMaterialGivesBothContexts() throws Exception {
        TlsContexts contexts = TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, "chain.pem"))
                .privateKey(pki.keyPem(leaf, "key.pem"))
                .build().toContexts();

        assertThat(contexts.server().isServer()).isTrue();
        assertThat(contexts.client().isClient()).isTrue();
    }

    @Test
    void withoutKeyMaterialOnlyTheClientContextExists() throws Exception {
        TlsSettings settings = TlsSettings.builder().trustCertificates(pki.caPem(ca, "ca.pem")).build();
        TlsContexts contexts = settings.toContexts();

        assertThat(settings.hasKeyMaterial()).isFalse();
        assertThat(contexts.client().isClient()).isTrue();
        assertThatThrownBy(contexts::server).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no server certificate");
        assertThatThrownBy(settings::serverContext).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("certificate-chain");
    }

    @Test
    void missingFileNamesTheFileAndTheSetting() throws Exception {
        Path missing = dir.resolve("nope.pem");
        TlsSettings settings = TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, "chain.pem"))
                .privateKey(missing)
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'private-key'")
                .hasMessageContaining("file not found")
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void missingTrustFileNamesTheSetting() {
        Path missing = dir.resolve("ca-missing.pem");
        TlsSettings settings = TlsSettings.builder().trustCertificates(missing).build();

        assertThatThrownBy(settings::clientContext).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'trust-certificates'")
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void missingKeyStoreNamesTheSetting() {
        Path missing = dir.resolve("missing.p12");
        TlsSettings settings = TlsSettings.builder().keyStore(missing).keyStorePassword("x").build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'key-store'")
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void wrongPrivateKeyPasswordIsSaid() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, "chain.pem"))
                .privateKey(pki.encryptedKeyPem(leaf, "right", "key.enc.pem"))
                .privateKeyPassword("wrong")
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong password")
                .hasMessageContaining("'private-key-password'");
    }

    @Test
    void encryptedKeyWithoutPasswordAsksForIt() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, "chain.pem"))
                .privateKey(pki.encryptedKeyPem(leaf, "right", "key.enc.pem"))
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is encrypted")
                .hasMessageContaining("'private-key-password'");
    }

    @Test
    void wrongKeyStorePasswordIsSaid() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .keyStore(pki.keyStore(leaf, "PKCS12", "peer", "right", "right", "peer.p12"))
                .keyStorePassword("wrong")
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong password")
                .hasMessageContaining("'key-store-password'");
    }

    @Test
    void wrongJksPasswordIsSaid() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .keyStore(pki.keyStore(leaf, "JKS", "peer", "right", "right", "peer.jks"))
                .keyStorePassword("wrong")
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong password")
                .hasMessageContaining("JKS");
    }

    @Test
    void wrongKeyPasswordIsSaid() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .keyStore(pki.keyStore(leaf, "PKCS12", "peer", "store", "key", "peer.p12"))
                .keyStorePassword("store")
                .keyPassword("wrong")
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong password for the key 'peer'")
                .hasMessageContaining("'key-password'");
    }

    @Test
    void unknownAliasListsTheEntries() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .keyStore(pki.keyStore(leaf, "PKCS12", "peer", "pw", "pw", "peer.p12"))
                .keyStorePassword("pw")
                .keyAlias("someone")
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'key-alias'")
                .hasMessageContaining("someone")
                .hasMessageContaining("peer");
    }

    @Test
    void keyThatDoesNotMatchTheCertificateIsSaid() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, "chain.pem"))
                .privateKey(pki.keyPem(otherLeaf, "other-key.pem"))
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the certificate")
                .hasMessageContaining("'private-key'");
    }

    @Test
    void fileWithoutCertificateIsSaid() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .certificateChain(pki.keyPem(leaf, "not-a-chain.pem"))
                .privateKey(pki.keyPem(leaf, "key.pem"))
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'certificate-chain'")
                .hasMessageContaining("no PEM certificate");
    }

    @Test
    void pkcs1KeyGetsAConversionHint() throws Exception {
        Path key = pki.write("rsa.pem", TestPki.pem(new byte[] {0x30, 0x00}, "RSA PRIVATE KEY"));
        TlsSettings settings = TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, "chain.pem"))
                .privateKey(key)
                .build();

        assertThatThrownBy(settings::toContexts).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void garbageKeyStoreIsSaid() throws Exception {
        Path junk = dir.resolve("junk.p12");
        Files.write(junk, new byte[] {1, 2, 3, 4});
        TlsSettings settings = TlsSettings.builder().trustStore(junk).trustStorePassword("pw").build();

        assertThatThrownBy(settings::clientContext).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'trust-store'")
                .hasMessageContaining("PKCS12");
    }

    @Test
    void severalKeySourcesAreRefused() throws Exception {
        TlsSettings.Builder builder = TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, "chain.pem"))
                .privateKey(pki.keyPem(leaf, "key.pem"))
                .keyManagerFactory(leaf.toKeyManagerFactory());

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only one source of key material");
    }

    @Test
    void severalTrustSourcesAreRefused() throws Exception {
        TlsSettings.Builder builder = TlsSettings.builder()
                .trustCertificates(pki.caPem(ca, "ca.pem"))
                .trustAll(true);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only one source of trust");
    }

    @Test
    void halfAPemPairIsRefused() throws Exception {
        TlsSettings.Builder builder = TlsSettings.builder().certificateChain(pki.chainPem(leaf, "chain.pem"));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing: 'private-key'");
    }

    @Test
    void aPasswordWithoutItsFileIsRefused() {
        assertThatThrownBy(() -> TlsSettings.builder().keyStorePassword("pw").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'key-store-password' is set but 'key-store' is not");
    }

    @Test
    void unsupportedProtocolIsRefused() {
        assertThatThrownBy(() -> TlsSettings.builder().protocols("TLSv9").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'protocols'")
                .hasMessageContaining("TLSv9");
    }

    @Test
    void unknownCipherIsRefused() {
        assertThatThrownBy(() -> TlsSettings.builder().ciphers("TLS_NOT_A_CIPHER").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS_NOT_A_CIPHER");
    }

    @Test
    void trustAllTurnsHostnameVerificationOffAndToStringHidesPasswords() throws Exception {
        TlsSettings trusting = TlsSettings.builder().trustAll(true).build();
        TlsSettings keyed = TlsSettings.builder()
                .keyStore(pki.keyStore(leaf, "PKCS12", "peer", "sekrit-pw", "sekrit-pw", "peer.p12"))
                .keyStorePassword("sekrit-pw")
                .build();

        assertThat(trusting.hostnameVerification()).isFalse();
        assertThat(trusting.toString()).contains("insecure");
        assertThat(keyed.hostnameVerification()).isTrue();
        assertThat(keyed.toString()).doesNotContain("sekrit");
    }
}
