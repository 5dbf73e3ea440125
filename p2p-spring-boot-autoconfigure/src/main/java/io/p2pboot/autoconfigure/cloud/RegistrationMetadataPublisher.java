package io.p2pboot.autoconfigure.cloud;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.peer.Peer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.discovery.event.InstancePreRegisteredEvent;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationListener;

/**
 * Puts this peer's {@value PeerMetadata#PORT} and {@value PeerMetadata#ADDRESS} into the
 * application's own registration just before Spring Cloud registers it, so that the other
 * instances find this peer. Spring Cloud registers on {@code WebServerInitializedEvent}, after
 * the peer started listening (its lifecycle phase is below the web server's), and publishes
 * {@link InstancePreRegisteredEvent} with the registration first; that is when this writes.
 *
 * <p>The address published is {@code p2p.advertised-address} when set, else the address the peer
 * listens on; a peer listening on every interface (0.0.0.0, ::) without an advertised address
 * publishes no {@code p2p.address}, so that others reach it at the registration's own host.
 */
public class RegistrationMetadataPublisher implements ApplicationListener<InstancePreRegisteredEvent> {

    private static final Logger log = LoggerFactory.getLogger(RegistrationMetadataPublisher.class);

    private final Supplier<@Nullable Peer> peer;
    private final @Nullable String advertisedAddress;
    private final List<RegistrationMetadata> registries;

    /**
     * @param peer              the application's peer ({@code null} when it has none)
     * @param advertisedAddress {@code p2p.advertised-address}, or {@code null}
     * @param registries        where registrations whose own metadata refuses writes take it from
     */
    public RegistrationMetadataPublisher(Supplier<@Nullable Peer> peer, @Nullable String advertisedAddress,
                                         List<RegistrationMetadata> registries) {
        this.peer = peer;
        this.advertisedAddress = advertisedAddress;
        this.registries = List.copyOf(registries);
    }

    @Override
    public void onApplicationEvent(InstancePreRegisteredEvent event) {
        publish(event.getRegistration());
    }

    /** Writes this peer's metadata into {@code registration}; whether it could. */
    boolean publish(Registration registration) {
        Peer p = peer.get();
        InetSocketAddress listening = p == null ? null : p.address();
        if (p == null || !p.isListening() || listening == null) {
            log.warn("this application registers without {} metadata: the peer is not listening, so other "
                    + "instances will not find it", PeerMetadata.PORT);
            return false;
        }
        String port = Integer.toString(listening.getPort());
        String address = publishedAddress(advertisedAddress, listening.getAddress());
        Map<String, String> metadata = writable(registration);
        if (metadata == null) {
            log.warn("this application registers without {} metadata: its registration ({}) refuses new "
                    + "metadata; set p2p.port to a fixed port and put {}={} in the registry's own metadata properties",
                    PeerMetadata.PORT, registration.getClass().getName(), PeerMetadata.PORT, port);
            return false;
        }
        metadata.put(PeerMetadata.PORT, port);
        if (address != null) {
            metadata.put(PeerMetadata.ADDRESS, address);
        } else {
            metadata.remove(PeerMetadata.ADDRESS);
        }
        log.info("this application registers with {}={}{}", PeerMetadata.PORT, port,
                address != null ? ", " + PeerMetadata.ADDRESS + "=" + address
                        : " (the peer listens on every interface: others reach it at the registration's host)");
        return true;
    }

    /**
     * The {@code p2p.address} published: the advertised address when there is one, else the
     * address the peer listens on, or none when that is every interface (others then reach the
     * peer at the registration's host).
     */
    static @Nullable String publishedAddress(@Nullable String advertisedAddress, InetAddress listening) {
        if (advertisedAddress != null) {
            return advertisedAddress;
        }
        return listening.isAnyLocalAddress() ? null : PeerAddress.format(listening);
    }

    /** The registration's own metadata when it takes writes, else the map a registry says it takes it from. */
    private @Nullable Map<String, String> writable(Registration registration) {
        Map<String, String> own = registration.getMetadata();
        if (own != null && takesWrites(own)) {
            return own;
        }
        for (RegistrationMetadata registry : registries) {
            Map<String, String> metadata = registry.of(registration);
            if (metadata != null) {
                return metadata;
            }
        }
        return null;
    }

    private static boolean takesWrites(Map<String, String> metadata) {
        try {
            metadata.putIfAbsent(PeerMetadata.PORT, "");
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
