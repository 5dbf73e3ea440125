package io.p2pboot.peer;

import io.p2pboot.protocol.DataFrame;
import io.p2pboot.protocol.DataType;

/** A DATA frame whose codec runs off the event loop; it owns the frame until decoded or discarded. */
record UndecodedFrame(DataFrame frame, DataType type) implements Arrival {

    @Override
    public int size() {
        return frame.size();
    }
}
