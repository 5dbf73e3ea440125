package io.p2pboot.autoconfigure.cloud;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * Where a registry's registration takes its metadata from, for a registration whose
 * {@link Registration#getMetadata()} cannot be written before it registers. Spring Cloud
 * ZooKeeper's, with a port chosen at start-up, builds its instance only while it registers, and
 * until then answers an empty map that refuses writes; the instance then takes the metadata of
 * {@code spring.cloud.zookeeper.discovery.metadata}, which this writes into instead.
 */
@FunctionalInterface
public interface RegistrationMetadata {

    /** The map that will become {@code registration}'s metadata, or {@code null} when this does not know that registration. */
    @Nullable Map<String, String> of(Registration registration);
}
