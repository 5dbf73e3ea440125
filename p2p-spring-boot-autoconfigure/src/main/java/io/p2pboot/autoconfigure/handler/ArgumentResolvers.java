package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.Received;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/** The resolver chain, asked in order: the objects an event carries by type, then the payload. */
final class ArgumentResolvers {

    private final List<ArgumentResolver> resolvers;

    ArgumentResolvers(List<ArgumentResolver> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    static ArgumentResolvers standard() {
        EnumSet<HandlerEvent> withConnection = EnumSet.of(HandlerEvent.DATA, HandlerEvent.CLOSE, HandlerEvent.CONNECTION);
        EnumSet<HandlerEvent> withDataType = EnumSet.of(HandlerEvent.OFFER, HandlerEvent.DATA, HandlerEvent.CLOSE,
                HandlerEvent.CONNECTION);
        return new ArgumentResolvers(List.of(
                new ContextArgumentResolver(Peer.class, EnumSet.allOf(HandlerEvent.class), EventContext::peer),
                new ContextArgumentResolver(Connection.class, withConnection, EventContext::connection),
                new ContextArgumentResolver(Offer.class, EnumSet.of(HandlerEvent.OFFER), EventContext::offer),
                new ContextArgumentResolver(Received.class, EnumSet.of(HandlerEvent.DATA), EventContext::received),
                new ContextArgumentResolver(CloseReason.class, EnumSet.of(HandlerEvent.CLOSE), EventContext::closeReason),
                new ContextArgumentResolver(DataType.class, withDataType, EventContext::dataType),
                new PayloadArgumentResolver()));
    }

    /** The first resolver that supplies the parameter, or {@code null} when none does. */
    @Nullable ArgumentResolver find(HandlerEvent event, MethodParameter parameter) {
        for (ArgumentResolver resolver : resolvers) {
            if (resolver.supports(event, parameter)) {
                return resolver;
            }
        }
        return null;
    }

    /** The parameters an event's methods may take, for start-up error messages. */
    String describe(HandlerEvent event) {
        return describe(event, true);
    }

    /** Like {@link #describe(HandlerEvent)}, leaving out the payload. */
    String describeContext(HandlerEvent event) {
        return describe(event, false);
    }

    private String describe(HandlerEvent event, boolean withPayload) {
        return resolvers.stream()
                .filter(r -> r.appliesTo(event) && (withPayload || !(r instanceof PayloadArgumentResolver)))
                .map(ArgumentResolver::describe)
                .collect(Collectors.joining(", "));
    }
}
