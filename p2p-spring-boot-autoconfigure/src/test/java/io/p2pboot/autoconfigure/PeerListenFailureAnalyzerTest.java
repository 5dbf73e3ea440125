package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** A peer that cannot listen fails the start-up with Boot's Description / Action advice, from a real bind failure. */
class PeerListenFailureAnalyzerTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    private FailureAnalysis analysisOfStartWith(String... properties) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            analysis[0] = new PeerListenFailureAnalyzer().analyze(context.getStartupFailure());
        });
        return analysis[0];
    }

    @Test
    void aPortInUseSaysSoAndHowToChooseAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            FailureAnalysis analysis = analysisOfStartWith("p2p.port=" + taken.getLocalPort());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .isEqualTo("The peer could not listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is already in use.");
            assertThat(analysis.getAction()).contains("set p2p.port to another port (0 picks a free one)");
        }
    }

    @Test
    void anAddressNotOnThisMachineSaysSoAndWhatToSetInstead() {
        // TEST-NET-2 (RFC 5737): never any machine's address; binding sends nothing.
        FailureAnalysis analysis = analysisOfStartWith("p2p.address=198.51.100.7");
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("The peer could not listen on 198.51.100.7:")
                .endsWith("198.51.100.7 is not an address of this machine.");
        assertThat(analysis.getAction()).contains("Set p2p.address").contains("0.0.0.0");
    }

    @Test
    void aTakenDiscoveryPortPointsAtTheDiscoverySettings() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(null)) {
            taken.setReuseAddress(false);
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            FailureAnalysis analysis = analysisOfStartWith("p2p.discovery.enabled=true",
                    "p2p.discovery.port=" + taken.getLocalPort(), "p2p.discovery.broadcast-address=127.255.255.255",
                    "p2p.discovery.bind-address=127.0.0.1");
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).startsWith("The peer's discovery could not listen:");
            assertThat(analysis.getAction()).contains("p2p.discovery.port").contains("p2p.discovery.enabled=false");
        }
    }

    @Test
    void otherFailuresAreLeftToBootsReport() {
        assertThat(new PeerListenFailureAnalyzer().analyze(new IllegalStateException("something else"))).isNull();
    }

    @Test
    void theAnalyzerIsRegisteredForBootToFind() {
        // Boot's own analyzers need a bean factory to be made: only ours is checked here.
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { })))
                .anyMatch(a -> a instanceof PeerListenFailureAnalyzer);
    }
}
