package io.p2pboot.sample.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A received message as the API shows it.
 *
 * @param id its place in the log, the server-sent event id
 * @param from the sending peer's name, {@code ip:port}
 * @param dataType {@code json}, {@code bytes} or {@code raw}
 * @param data the value, in JSON terms (see {@link Payloads#toView(Object)})
 * @param receivedAt when it arrived
 */
public record LoggedMessage(@JsonIgnore long id, String from, String dataType, Object data, Instant receivedAt) {
}
