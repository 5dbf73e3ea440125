package io.p2pboot.autoconfigure.handler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test handlers saw, in the order they saw it; a bean, so handlers get it injected. */
class Recorder {

    private final List<String> events = new CopyOnWriteArrayList<>();

    void add(String event) {
        events.add(event);
    }

    List<String> events() {
        return List.copyOf(events);
    }
}
