package io.p2pboot.pipe.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes on 127.0.0.1 between contexts built by {@link TlsSettings}. */
class TlsHandshakeTest {

    private static X509Bundle ca;
    private static X509Bundle otherCa;
    private static X509Bundle server;
    private static X509Bundle clientCert;
    private static X509Bundle serverForOtherIp;
    private static X509Bundle untrustedServer;
    private static LoopbackTls tls;

    @TempDir
    Path dir;
    private TestPki pki;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestPki.ca("p2p test CA");
        otherCa = TestPki.ca("some other CA");
        server = TestPki.leaf(ca, "server", "127.0.0.1");
        clientCert = TestPki.leaf(ca, "client", "127.0.0.1");
        serverForOtherIp = TestPki.leaf(ca, "server elsewhere", "127.0.0.2");
        untrustedServer = TestPki.leaf(otherCa, "stranger", "127.0.0.1");
        tls = new LoopbackTls();
    }

    @AfterAll
    static void stop() {
        tls.close();
    }

    @BeforeEach
    void pki() {
        pki = new TestPki(dir);
    }

    private TlsSettings.Builder pemServer(X509Bundle leaf) throws Exception {
        return TlsSettings.builder()
                .certificateChain(pki.chainPem(leaf, "chain.pem"))
                .privateKey(pki.keyPem(leaf, "key.pem"))
                .trustCertificates(pki.caPem(ca, "ca.pem"));
    }

    private SslContext trustingClient() throws Exception {
        return TlsSettings.builder().trustCertificates(pki.caPem(ca, "client-ca.pem")).build().clientContext();
    }

    @Test
    void pemFilesWithTrustedCaAndMatchingIpSanHandshake() throws Exception {
        TlsContexts contexts = pemServer(server).build().toContexts();

        LoopbackTls.Outcome outcome = tls.handshake(contexts.server(), contexts.client(), "127.0.0.1");

        assertThat(outcome.established()).as("%s", outcome).isTrue();
    }

    @Test
    void encryptedPemKeyHandshakes() throws Exception {
        SslContext serverContext = TlsSettings.builder()
                .certificateChain(pki.chainPem(server, "chain.pem"))
                .privateKey(pki.encryptedKeyPem(server, "s3cret", "key.enc.pem"))
                .privateKeyPassword("s3cret")
                .build().serverContext();

        assertThat(tls.handshake(serverContext, trustingClient(), "127.0.0.1").established()).isTrue();
    }

    @Test
    void pkcs12KeyStoreAndTrustStoreHandshake() throws Exception {
        TlsSettings settings = TlsSettings.builder()
                .keyStore(pki.keyStore(server, "PKCS12", "server", "storepw", "keypw", "server.p12"))
                .keyStorePassword("storepw")
                .keyPassword("keypw")
                .trustStore(pki.trustStore(ca, "PKCS12", "trustpw", "trust.p12"))
                .trustStorePassword("trustpw")
                .build();
        TlsContexts contexts = settings.toContexts();

        assertThat(tls.handshake(contexts.server(), contexts.client(), "127.0.0.1").established()).isTrue();
    }

    @Test
    void jksKeyStoreWithAliasHandshakes() throws Exception {
        SslContext serverContext = TlsSettings.builder()
                .keyStore(pki.keyStore(server, "JKS", "mykey", "storepw", "storepw", "server.jks"))
                .keyStorePassword("storepw")
                .keyAlias("mykey")
                .build().serverContext();

        assertThat(tls.handshake(serverContext, trustingClient(), "127.0.0.1").established()).isTrue();
    }

    @Test
    void readyMadeManagerFactoriesHandshake() throws Exception {
        TlsContexts contexts = TlsSettings.builder()
                .keyManagerFactory(server.toKeyManagerFactory())
                .trustManagerFactory(ca.toTrustManagerFactory())
                .build().toContexts();

        assertThat(tls.handshake(contexts.server(), contexts.client(), "127.0.0.1").established()).isTrue();
    }

    @Test
    void untrustedCaFails() throws Exception {
        SslContext serverContext = pemServer(untrustedServer).build().serverContext();

        LoopbackTls.Outcome outcome = tls.handshake(serverContext, trustingClient(), "127.0.0.1");

        assertThat(outcome.established()).isFalse();
        assertThat(outcome.clientFailure()).isNotNull();
        assertThat(rootMessage(outcome.clientFailure())).containsIgnoringCase("certification path");
    }

    @Test
    void trustAllAcceptsAnUntrustedCertificate() throws Exception {
        SslContext serverContext = pemServer(untrustedServer).build().serverContext();
        SslContext client = TlsSettings.builder().trustAll(true).build().clientContext();

        assertThat(tls.handshake(serverContext, client, "127.0.0.1").established()).isTrue();
    }

    @Test
    void hostnameMismatchFailsWhenVerificationIsOn() throws Exception {
        SslContext serverContext = pemServer(serverForOtherIp).build().serverContext();

        LoopbackTls.Outcome outcome = tls.handshake(serverContext, trustingClient(), "127.0.0.1");

        assertThat(outcome.established()).isFalse();
        assertThat(rootMessage(outcome.clientFailure())).contains("127.0.0.1");
    }

    @Test
    void hostnameMismatchIsAcceptedWhenVerificationIsOff() throws Exception {
        SslContext serverContext = pemServer(serverForOtherIp).build().serverContext();
        SslContext client = TlsSettings.builder()
                .trustCertificates(pki.caPem(ca, "client-ca.pem"))
                .hostnameVerification(false)
                .build().clientContext();

        assertThat(tls.handshake(serverContext, client, "127.0.0.1").established()).isTrue();
    }

    @Test
    void mutualTlsRequiredFailsWithoutClientCertificate() throws Exception {
        SslContext serverContext = pemServer(server).clientAuth(TlsClientAuth.REQUIRE).build().serverContext();

        LoopbackTls.Outcome outcome = tls.handshake(serverContext, trustingClient(), "127.0.0.1");

        assertThat(outcome.established()).isFalse();
        assertThat(outcome.serverFailure()).isNotNull();
    }

    @Test
    void mutualTlsRequiredSucceedsWithClientCertificate() throws Exception {
        SslContext serverContext = pemServer(server).clientAuth(TlsClientAuth.REQUIRE).build().serverContext();
        SslContext client = TlsSettings.builder()
                .certificateChain(pki.chainPem(clientCert, "client-chain.pem"))
                .privateKey(pki.keyPem(clientCert, "client-key.pem"))
                .trustCertificates(pki.caPem(ca, "client-ca.pem"))
                .build().clientContext();

        assertThat(tls.handshake(serverContext, client, "127.0.0.1").established()).isTrue();
    }

    @Test
    void mutualTlsRejectsClientCertificateFromUntrustedCa() throws Exception {
        SslContext serverContext = pemServer(server).clientAuth(TlsClientAuth.REQUIRE).build().serverContext();
        X509Bundle stranger = TestPki.leaf(otherCa, "stranger client", "127.0.0.1");
        SslContext client = TlsSettings.builder()
                .certificateChain(pki.chainPem(stranger, "client-chain.pem"))
                .privateKey(pki.keyPem(stranger, "client-key.pem"))
                .trustCertificates(pki.caPem(ca, "client-ca.pem"))
                .build().clientContext();

        LoopbackTls.Outcome outcome = tls.handshake(serverContext, client, "127.0.0.1");

        assertThat(outcome.established()).isFalse();
        assertThat(outcome.serverFailure()).isNotNull();
    }

    @Test
    void optionalClientAuthAcceptsAClientWithoutCertificate() throws Exception {
        SslContext serverContext = pemServer(server).clientAuth(TlsClientAuth.OPTIONAL).build().serverContext();

        assertThat(tls.handshake(serverContext, trustingClient(), "127.0.0.1").established()).isTrue();
    }

    @Test
    void protocolsSettingIsApplied() throws Exception {
        SslContext serverContext = pemServer(server).protocols("TLSv1.2").build().serverContext();

        LoopbackTls.Outcome outcome = tls.handshake(serverContext, trustingClient(), "127.0.0.1");

        assertThat(outcome.established()).isTrue();
        assertThat(outcome.protocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void disjointProtocolsFail() throws Exception {
        SslContext serverContext = pemServer(server).protocols("TLSv1.2").build().serverContext();
        SslContext client = TlsSettings.builder()
                .trustCertificates(pki.caPem(ca, "client-ca.pem"))
                .protocols("TLSv1.3")
                .build().clientContext();

        assertThat(tls.handshake(serverContext, client, "127.0.0.1").established()).isFalse();
    }

    private static String rootMessage(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append(" | ");
        }
        return messages.toString();
    }
}
