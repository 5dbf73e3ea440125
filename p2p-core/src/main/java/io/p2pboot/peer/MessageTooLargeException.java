package io.p2pboot.peer;

/**
 * A message encodes to more bytes than the peer's maximum message size: the other side would
 * close the connection on its header, losing it and whatever followed, so it is refused before
 * anything is queued.
 */
public class MessageTooLargeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    public MessageTooLargeException(long size, long limit) {
        super("a message of " + size + " bytes is larger than the maximum message size (" + limit + " bytes)");
        this.size = size;
        this.limit = limit;
    }

    /** The encoded payload's size in bytes. */
    public long size() {
        return size;
    }

    /** The maximum message size it exceeded. */
    public long limit() {
        return limit;
    }
}
