package io.p2pboot.autoconfigure.handler;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Resolves {@code ${…}} placeholders in the String attributes of handler annotations, such as
 * {@code @OnData(peer = "${chat.peer}")}, from the application's environment: once, as the
 * method is checked at start-up. A value that resolves to a comma-separated list counts as each
 * of its items, and to an empty string as none.
 */
final class AttributePlaceholders {

    private final PropertyResolver resolver;

    AttributePlaceholders(PropertyResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The values with their placeholders resolved, lists split and blanks dropped.
     *
     * @throws IllegalArgumentException a placeholder has no value and no default
     */
    List<String> resolve(String[] values) {
        List<String> resolved = new ArrayList<>(values.length);
        for (String value : values) {
            for (String item : StringUtils.commaDelimitedListToStringArray(resolver.resolveRequiredPlaceholders(value))) {
                if (!item.isBlank()) {
                    resolved.add(item.strip());
                }
            }
        }
        return resolved;
    }
}
