package io.p2pboot.pipe;

/** The transport protocol of a pipe. */
public enum Protocol {
    TCP(6),
    UDP(17);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IANA protocol number, as passed to {@code socket(2)}. */
    public int number() {
        return number;
    }
}
