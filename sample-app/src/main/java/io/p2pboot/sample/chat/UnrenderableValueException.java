package io.p2pboot.sample.chat;

/** A received value the log cannot show as JSON; the message says why. */
public class UnrenderableValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnrenderableValueException(String reason) {
        super(reason, null, false, false); // no stack trace: a hostile peer can cause many
    }
}
