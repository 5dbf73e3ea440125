package io.p2pboot.sample.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A received message as the API shows it. Its data is rendered once, when it is logged (see
 * {@link MessageRenderer}), and written as is by every response.
 *
 * @param id its place in the log, the server-sent event id
 * @param from the sending peer's name, {@code ip:port}
 * @param dataType {@code json}, {@code bytes} or {@code raw}
 * @param data the value as JSON text, or the placeholder for a value that cannot be shown
 * @param receivedAt when it arrived
 * @param size what it counts against {@code chat.history-bytes}: about the length of its JSON
 */
public record LoggedMessage(@JsonIgnore long id, String from, String dataType, @JsonRawValue String data,
                            Instant receivedAt, @JsonIgnore long size) {
}
