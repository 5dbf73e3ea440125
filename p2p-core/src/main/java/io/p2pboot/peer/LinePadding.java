package io.p2pboot.peer;

/**
 * Padding before a value that one thread writes for every message ({@link ReceivedSeq},
 * {@link DeliveredCount}): the fields of a superclass come first in the object, so the value
 * starts a cache line away from whatever the object follows. The subclass pads after it.
 */
abstract class LinePadding {
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
}
