package io.p2pboot.sample.chat;

import io.p2pboot.protocol.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The last received messages, oldest first, at most {@code chat.history} of them and at most
 * {@code chat.history-bytes} of JSON together, and the server-sent event streams that watch new
 * ones. Each message is rendered once, when it arrives, so reading the log costs a copy of its
 * text. Each message's event id is its place in the log, so a client that reconnects with
 * {@code Last-Event-ID} gets what it missed (as far as the log still holds it).
 */
@Component
public class MessageLog {

    /** How long one stream stays open; browsers reconnect by themselves. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

    /** What an entry counts besides its data: {@code {"from":"","dataType":"bytes","data":,"receivedAt":"..."}}. */
    static final int ENTRY_OVERHEAD = 100;

    private final int capacity;
    private final long maxBytes;
    private final MessageRenderer renderer;
    private final Deque<LoggedMessage> messages = new ArrayDeque<>();
    private long bytes;
    private final List<SseEmitter> streams = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    public MessageLog(ChatProperties properties, MessageRenderer renderer) {
        this.capacity = properties.history();
        this.maxBytes = properties.historyBytes().toBytes();
        this.renderer = renderer;
    }

    /**
     * Records a received value, rendered by {@link MessageRenderer} (a placeholder when it cannot be
     * shown), and pushes it to every stream; the oldest messages make room.
     *
     * @param payloadBytes the payload's size on the wire
     */
    public LoggedMessage add(String from, DataType dataType, Object value, int payloadBytes) {
        byte[] json = renderer.render(from, value, payloadBytes);
        String data = new String(json, StandardCharsets.UTF_8);
        long size = json.length + from.length() + ENTRY_OVERHEAD;
        LoggedMessage message;
        synchronized (this) {
            message = new LoggedMessage(nextId++, from, dataType.wireName(), data, Instant.now(), size);
            messages.addLast(message);
            bytes += size;
            while (messages.size() > 1 && (messages.size() > capacity || bytes > maxBytes)) {
                bytes -= messages.removeFirst().size();
            }
        }
        for (SseEmitter stream : streams) {
            send(stream, message);
        }
        return message;
    }

    /** The JSON the messages held now take together, about (as counted against {@code chat.history-bytes}). */
    public synchronized long bytes() {
        return bytes;
    }

    /** The messages held now, oldest first. */
    public synchronized List<LoggedMessage> messages() {
        return new ArrayList<>(messages);
    }

    /**
     * A stream of the messages that arrive from now on, preceded by those after {@code lastEventId}
     * (a negative id replays nothing, 0 the whole log).
     */
    public SseEmitter subscribe(long lastEventId) {
        SseEmitter stream = new SseEmitter(STREAM_TIMEOUT.toMillis());
        stream.onCompletion(() -> streams.remove(stream));
        stream.onTimeout(() -> streams.remove(stream));
        stream.onError(e -> streams.remove(stream));
        synchronized (this) {
            try {
                // a first comment, so the client sees the response (and knows the stream is live) at once
                stream.send(SseEmitter.event().comment("received messages"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (lastEventId >= 0) {
                // Not sent yet: the emitter keeps these until the response starts.
                messages.stream().filter(m -> m.id() > lastEventId).forEach(m -> send(stream, m));
            }
            streams.add(stream);
        }
        return stream;
    }

    private void send(SseEmitter stream, LoggedMessage message) {
        try {
            stream.send(SseEmitter.event().id(Long.toString(message.id())).data(message, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            streams.remove(stream); // the client went away
            stream.completeWithError(e);
        }
    }

    /** Ends the open streams first, so a graceful shutdown does not wait for them. */
    @EventListener(ContextClosedEvent.class)
    public void closeStreams() {
        streams.forEach(SseEmitter::complete);
        streams.clear();
    }
}
