package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.p2pboot.protocol.DataType;

/**
 * What an observation of a {@code connect} knows: where to and the data type asked for; its
 * failure is the context's error.
 */
public class ConnectObservationContext extends Observation.Context {

    private final String address;
    private final DataType dataType;

    public ConnectObservationContext(String address, DataType dataType) {
        this.address = address;
        this.dataType = dataType;
    }

    /** The address as given to {@code connect}. */
    public String getAddress() {
        return address;
    }

    public DataType getDataType() {
        return dataType;
    }
}
