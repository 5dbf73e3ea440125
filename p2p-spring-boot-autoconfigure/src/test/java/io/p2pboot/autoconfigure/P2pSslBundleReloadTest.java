package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.ssl.SslHandler;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A bundle with reload-on-update: certificates renewed on disk apply to new connections without a restart. */
class P2pSslBundleReloadTest {

    @TempDir
    Path serverDir;
    @TempDir
    Path clientDir;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    private static X509Bundle leaf(X509Bundle ca, String name) throws Exception {
        return new CertificateBuilder().subject("CN=" + name).addSanIpAddress("127.0.0.1")
                .notBefore(Instant.now().minusSeconds(60)).notAfter(Instant.now().plusSeconds(3600)).buildIssuedBy(ca);
    }

    private static void write(Path dir, X509Bundle leaf, X509Bundle ca) throws Exception {
        // the key first: the watcher's quiet period then sees one change of both files
        Files.writeString(dir.resolve("key.pem"), leaf.getPrivateKeyPEM());
        Files.writeString(dir.resolve("chain.pem"), leaf.getCertificatePathPEM());
        Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
    }

    private static String[] bundle(Path dir, boolean reload) {
        return new String[] {
                "spring.ssl.bundle.pem.peers.keystore.certificate=file:" + dir.resolve("chain.pem"),
                "spring.ssl.bundle.pem.peers.keystore.private-key=file:" + dir.resolve("key.pem"),
                "spring.ssl.bundle.pem.peers.truststore.certificate=file:" + dir.resolve("ca.pem"),
                "spring.ssl.bundle.pem.peers.reload-on-update=" + reload,
                "spring.ssl.bundle.watch.file.quiet-period=100ms",
                "p2p.ssl.bundle=peers"};
    }

    private static BigInteger servedSerial(Connection c) throws Exception {
        SslHandler tls = c.pipe().channel().pipeline().get(SslHandler.class);
        return ((X509Certificate) tls.engine().getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    @Test
    void aRenewedCertificateIsServedToNewConnectionsWhileOpenOnesKeepTheirs() throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=test-ca").setIsCertificateAuthority(true)
                .notBefore(Instant.now().minusSeconds(60)).notAfter(Instant.now().plusSeconds(3600)).buildSelfSigned();
        X509Bundle first = leaf(ca, "first");
        X509Bundle renewed = leaf(ca, "renewed");
        write(serverDir, first, ca);
        write(clientDir, leaf(ca, "client"), ca);
        BigInteger firstSerial = first.getCertificate().getSerialNumber();
        BigInteger renewedSerial = renewed.getCertificate().getSerialNumber();

        runner.withPropertyValues(bundle(serverDir, true)).run(server -> runner.withPropertyValues(bundle(clientDir, false))
                .run(client -> {
                    Peer listening = server.getBean(Peer.class);
                    Peer connecting = client.getBean(Peer.class);
                    Connection before = connecting.connect(listening.name());
                    assertThat(servedSerial(before)).isEqualTo(firstSerial);

                    write(serverDir, renewed, ca);
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        try (Peer probe = Peer.create(connecting.config().toBuilder().port(0).build()).start()) {
                            return servedSerial(probe.connect(listening.name())).equals(renewedSerial);
                        }
                    });
                    assertThat(before.isOpen()).isTrue();
                    assertThat(servedSerial(before)).as("an open connection keeps its session").isEqualTo(firstSerial);
                }));
    }
}
