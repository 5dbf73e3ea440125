package io.p2pboot.autoconfigure.handler;

import java.lang.annotation.Annotation;

/** The peer events a bean method can handle, each with the annotation that marks it. */
enum HandlerEvent {

    OFFER(OnOffer.class),
    DATA(OnData.class),
    CLOSE(OnClose.class),
    CONNECTION(OnConnection.class),
    LISTEN(OnListen.class),
    STOP(OnStop.class);

    private final Class<? extends Annotation> annotationType;

    HandlerEvent(Class<? extends Annotation> annotationType) {
        this.annotationType = annotationType;
    }

    Class<? extends Annotation> annotationType() {
        return annotationType;
    }

    /** How the event is written in messages: its annotation, such as {@code @OnData}. */
    String label() {
        return "@" + annotationType.getSimpleName();
    }
}
