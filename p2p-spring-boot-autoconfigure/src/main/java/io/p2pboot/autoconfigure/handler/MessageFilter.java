package io.p2pboot.autoconfigure.handler;

import io.p2pboot.protocol.DataType;
import java.util.List;
import java.util.Set;

/**
 * Which messages an {@link OnData} method wants, from its {@code dataType} and {@code peer}
 * attributes (placeholders in {@code peer} resolved at start-up); an empty set means any.
 */
record MessageFilter(Set<DataType> dataTypes, Set<String> peers) {

    static final MessageFilter ANY = new MessageFilter(Set.of(), Set.of());

    /** @throws IllegalArgumentException a placeholder in {@code peer} cannot be resolved */
    static MessageFilter of(OnData onData, AttributePlaceholders placeholders) {
        return new MessageFilter(Set.copyOf(List.of(onData.dataType())), Set.copyOf(placeholders.resolve(onData.peer())));
    }

    boolean matches(EventContext context) {
        return (dataTypes.isEmpty() || dataTypes.contains(context.dataType()))
                && (peers.isEmpty() || peers.contains(context.remotePeerName()));
    }
}
