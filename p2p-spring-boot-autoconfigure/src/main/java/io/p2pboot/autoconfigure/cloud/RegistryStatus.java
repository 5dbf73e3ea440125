package io.p2pboot.autoconfigure.cloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the registries answered last: {@code UP} with the peers and skipped instances counted,
 * {@code DOWN} with why (the peers found before are kept, neither found nor aged), or
 * {@code UNKNOWN} before the first answer.
 *
 * @param state            {@code UP}, {@code DOWN} or {@code UNKNOWN}
 * @param serviceId        the service whose instances are the peers
 * @param since            when the state began
 * @param peers            peers the last answer listed ({@code UP} only)
 * @param skippedInstances instances of the last answer that are no peer ({@code UP} only)
 * @param error            why the registries did not answer ({@code DOWN} only)
 */
public record RegistryStatus(String state, String serviceId, Instant since, int peers, int skippedInstances,
                             @Nullable String error) {

    static RegistryStatus unknown(String serviceId) {
        return new RegistryStatus("UNKNOWN", serviceId, Instant.now(), 0, 0, null);
    }

    /** Whether the last query answered. */
    public boolean isUp() {
        return "UP".equals(state);
    }

    /** As the health details show it. */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", state);
        details.put("serviceId", serviceId);
        details.put("since", since.toString());
        if (isUp()) {
            details.put("peers", peers);
            details.put("skippedInstances", skippedInstances);
        }
        if (error != null) {
            details.put("error", error);
        }
        return details;
    }
}
