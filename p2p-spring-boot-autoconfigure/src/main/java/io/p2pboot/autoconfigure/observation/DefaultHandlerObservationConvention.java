package io.p2pboot.autoconfigure.observation;

import io.micrometer.common.KeyValues;
import io.p2pboot.autoconfigure.handler.HandlerInvocation;
import io.p2pboot.autoconfigure.observation.P2pObservation.HighKey;
import io.p2pboot.autoconfigure.observation.P2pObservation.LowKey;

/** The handler observation as {@link P2pObservation#HANDLER} documents it: {@code p2p.handler}. */
public class DefaultHandlerObservationConvention implements HandlerObservationConvention {

    @Override
    public String getName() {
        return "p2p.handler";
    }

    @Override
    public String getContextualName(HandlerObservationContext context) {
        return "p2p " + context.getInvocation().event() + " " + context.getInvocation().handlerName();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(HandlerObservationContext context) {
        HandlerInvocation invocation = context.getInvocation();
        return KeyValues.of(LowKey.EVENT.withValue(invocation.event()),
                LowKey.DATA_TYPE.withValue(P2pObservation.dataType(invocation.dataType())),
                LowKey.HANDLER.withValue(invocation.handlerName()),
                LowKey.OUTCOME.withValue(context.getError() == null ? "success" : "error"),
                LowKey.EXCEPTION.withValue(P2pObservation.exception(context.getError())));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(HandlerObservationContext context) {
        String peer = context.getInvocation().remotePeer();
        return KeyValues.of(HighKey.PEER.withValue(peer != null ? peer : P2pObservation.NONE));
    }
}
