package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.p2pboot.autoconfigure.handler.HandlerInvocation;

/** What an observation of one handler method call knows: the call itself. */
public class HandlerObservationContext extends Observation.Context {

    private final HandlerInvocation invocation;

    public HandlerObservationContext(HandlerInvocation invocation) {
        this.invocation = invocation;
    }

    public HandlerInvocation getInvocation() {
        return invocation;
    }
}
