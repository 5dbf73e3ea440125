package io.p2pboot.autoconfigure.observation;

import io.micrometer.common.KeyValues;
import io.p2pboot.autoconfigure.observation.P2pObservation.HighKey;
import io.p2pboot.autoconfigure.observation.P2pObservation.LowKey;
import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.HandshakeTimeoutException;
import java.net.SocketTimeoutException;
import org.jspecify.annotations.Nullable;

/** The connect observation as {@link P2pObservation#CONNECT} documents it: {@code p2p.connect}. */
public class DefaultConnectObservationConvention implements ConnectObservationConvention {

    @Override
    public String getName() {
        return "p2p.connect";
    }

    @Override
    public String getContextualName(ConnectObservationContext context) {
        return "p2p connect";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ConnectObservationContext context) {
        return KeyValues.of(LowKey.DATA_TYPE.withValue(P2pObservation.dataType(context.getDataType())),
                LowKey.OUTCOME.withValue(outcome(context.getError())),
                LowKey.EXCEPTION.withValue(P2pObservation.exception(context.getError())));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ConnectObservationContext context) {
        return KeyValues.of(HighKey.PEER.withValue(context.getAddress()));
    }

    private static String outcome(@Nullable Throwable error) {
        if (error == null) {
            return "success";
        }
        if (error instanceof ConnectionDeniedException) {
            return "denied";
        }
        if (error instanceof HandshakeTimeoutException || error instanceof SocketTimeoutException) {
            return "timeout";
        }
        return "error";
    }
}
