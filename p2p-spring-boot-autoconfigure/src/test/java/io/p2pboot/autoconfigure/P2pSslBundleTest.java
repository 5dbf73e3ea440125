package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslHandler;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.Peer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** TLS from a Spring Boot SSL bundle named in {@code p2p.ssl.bundle}. */
class P2pSslBundleTest {

    @TempDir
    static Path dir;
    static String[] bundle;

    @BeforeAll
    static void certificates() throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=test-ca").setIsCertificateAuthority(true)
                .notBefore(Instant.now().minusSeconds(60)).notAfter(Instant.now().plusSeconds(3600)).buildSelfSigned();
        X509Bundle leaf = new CertificateBuilder().subject("CN=peer").addSanIpAddress("127.0.0.1")
                .notBefore(Instant.now().minusSeconds(60)).notAfter(Instant.now().plusSeconds(3600))
                .buildIssuedBy(ca);
        Path chain = Files.writeString(dir.resolve("chain.pem"), leaf.getCertificatePathPEM());
        Path key = Files.writeString(dir.resolve("key.pem"), leaf.getPrivateKeyPEM());
        Path trust = Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        bundle = new String[] {
                "spring.ssl.bundle.pem.peers.keystore.certificate=file:" + chain,
                "spring.ssl.bundle.pem.peers.keystore.private-key=file:" + key,
                "spring.ssl.bundle.pem.peers.truststore.certificate=file:" + trust};
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    @Test
    void twoApplicationsWithTheBundleTalkOverTls() {
        runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers", "p2p.ssl.client-auth=need")
                .run(server -> runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers")
                        .run(client -> {
                            Peer listening = server.getBean(Peer.class);
                            Peer connecting = client.getBean(Peer.class);
                            assertThat(listening.config().pipe().useSsl()).isTrue();
                            Connection c = connecting.connect(listening.name());
                            assertThat(c.pipe().channel().pipeline().get(SslHandler.class).engine().getSession()
                                    .getProtocol()).startsWith("TLS");
                            c.send("secret");
                            assertThat(listening.awaitConnectionTo(connecting.name(), Duration.ofSeconds(5))
                                    .receive(Duration.ofSeconds(5)).value()).isEqualTo("secret");
                        }));
    }

    @Test
    void withClientAuthAPeerWhoseCertificateDoesNotNameItIsDenied() {
        // The bundle's certificate names 127.0.0.1; the connecting peer calls itself 127.0.0.2:port.
        runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers", "p2p.ssl.client-auth=need")
                .run(server -> runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers",
                                "p2p.address=127.0.0.2")
                        .run(client -> {
                            Peer listening = server.getBean(Peer.class);
                            assertThat(listening.config().verifyPeerName()).isTrue();
                            assertThatThrownBy(() -> client.getBean(Peer.class).connect(listening.name()))
                                    .isInstanceOf(ConnectionDeniedException.class);
                            assertThat(listening.connections()).isEmpty();
                        }));
    }

    @Test
    void verifyPeerNameFalseAcceptsAPeerWhoseCertificateDoesNotNameIt() {
        runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers", "p2p.ssl.client-auth=need",
                        "p2p.ssl.verify-peer-name=false")
                .run(server -> runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers",
                                "p2p.address=127.0.0.2")
                        .run(client -> {
                            Peer listening = server.getBean(Peer.class);
                            assertThat(listening.config().verifyPeerName()).isFalse();
                            assertThat(client.getBean(Peer.class).connect(listening.name()).isOpen()).isTrue();
                        }));
    }

    @Test
    void withoutClientAuthPeerNamesAreNotCheckedAgainstCertificates() {
        runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers")
                .run(context -> assertThat(context.getBean(Peer.class).config().verifyPeerName()).isFalse());
    }

    @Test
    void aPeerWithoutTheBundleCannotConnectToOneWithIt() {
        runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers")
                .run(server -> runner.run(client -> {
                    Peer listening = server.getBean(Peer.class);
                    Peer plain = client.getBean(Peer.class);
                    assertThatThrownBy(() -> plain.connect(listening.name()))
                            .isInstanceOf(IOException.class);
                    assertThat(listening.connections()).isEmpty();
                }));
    }

    @Test
    void aBundleWithUseSslFalseIsAContradiction() {
        runner.withPropertyValues(bundle).withPropertyValues("p2p.ssl.bundle=peers", "p2p.pipe.use-ssl=false")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("p2p.ssl.bundle is set to 'peers' but p2p.pipe.use-ssl is false"));
    }

    @Test
    void anUnknownBundleFailsStartUp() {
        runner.withPropertyValues("p2p.ssl.bundle=nope").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("nope"));
    }
}
