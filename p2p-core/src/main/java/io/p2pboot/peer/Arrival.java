package io.p2pboot.peer;

/**
 * A message on its way from the event loop to the handlers: already decoded there (a
 * {@link Received}: {@code bytes}, and {@code json} checked), or still a frame whose codec runs on
 * the handler's thread ({@link UndecodedFrame}).
 */
sealed interface Arrival permits Received, UndecodedFrame {

    /** The payload's size on the wire: what the message counts against the read budget. */
    int size();
}
