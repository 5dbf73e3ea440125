package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.autoconfigure.P2pProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The README's LAN switch, checked by binding alone (nothing is started, nothing is broadcast). */
class LanSettingsTest {

    @Test
    void anEmptyBroadcastAddressMeansEveryInterface() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "p2p.address", "127.0.0.5",
                "p2p.discovery.broadcast-address", "")));
        P2pProperties properties = binder.bindOrCreate("p2p", P2pProperties.class);
        assertThat(properties.getAddress()).isEqualTo("127.0.0.5");
        assertThat(properties.getDiscovery().getBroadcastAddress()).isEmpty();
    }
}
