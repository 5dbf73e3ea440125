package io.p2pboot.sample.web;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.MessageTooLargeException;
import io.p2pboot.peer.Peer;
import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.protocol.Printable;
import io.p2pboot.sample.chat.LoggedMessage;
import io.p2pboot.sample.chat.MessageLog;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/** Sending on a connection, and the log of received messages (as a list and as a live stream). */
@RestController
@RequestMapping("/api/messages")
public class MessageController {

    private static final Logger log = LoggerFactory.getLogger(MessageController.class);

    private final Peer peer;
    private final MessageLog messages;
    private final OutgoingValues values;

    public MessageController(Peer peer, MessageLog messages, OutgoingValues values) {
        this.peer = peer;
        this.messages = messages;
        this.values = values;
    }

    /**
     * A message to send.
     *
     * @param to the peer name of an open connection, in any spelling ({@code [0:0:0:0:0:0:0:1]:5000} is {@code [::1]:5000})
     * @param data the value; JSON {@code null} is a value, a missing {@code data} is an error
     */
    public record SendRequest(@Nullable String to, @Nullable JsonNode data) {
    }

    /** The answer to a send: the message was queued for that peer, with that data type. */
    public record Accepted(String to, String dataType) {
    }

    @GetMapping
    public List<LoggedMessage> messages() {
        return messages.messages();
    }

    /**
     * Server-sent events, one per message received from now on (event data as in {@code GET
     * /api/messages}). {@code history=true} sends the log first; a {@code Last-Event-ID} resumes after it.
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
                             @RequestParam(defaultValue = "false") boolean history) {
        long after = history ? 0 : -1;
        if (lastEventId != null) {
            try {
                after = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw Problems.badRequest("Last-Event-ID must be a number, not " + Printable.quoted(lastEventId));
            }
        }
        return messages.subscribe(after);
    }

    /**
     * Queues the value on the connection; 202 once queued, 404 without such a connection, 400 if
     * {@code to} is not an address or the value does not fit the data type, 413 if it encodes to
     * more than {@code p2p.max-message-size}. With {@code ack=true} (a connection with a session:
     * {@code p2p.sessions.enabled} on both peers; 409 otherwise, nothing sent) it waits, at most
     * {@code p2p.timeout}, until the other peer's handler ran: 200 then, 504 when it did not in time
     * (the session still keeps the message and delivers it if it can).
     */
    @PostMapping
    public ResponseEntity<Accepted> send(@RequestBody SendRequest request,
                                         @RequestParam(defaultValue = "false") boolean ack) throws IOException {
        if (request.to() == null || request.to().isBlank()) {
            throw Problems.badRequest("to is required: the peer name (ip:port or [ipv6]:port) of an open connection");
        }
        String to = Problems.peerName(request.to().trim());
        if (request.data() == null) {
            throw Problems.badRequest("data is required (JSON null is a value)");
        }
        Connection connection = peer.connection(to).filter(Connection::isOpen)
                .orElseThrow(() -> Problems.notFound("no connection to " + to + "; open one with POST /api/connections"));
        if (ack && !connection.hasSession()) {
            throw Problems.of(HttpStatus.CONFLICT, "the connection to " + connection.peerName() + " has no session, so"
                    + " nothing would acknowledge the message: ack=true needs p2p.sessions.enabled=true on both peers", null);
        }
        Object value = values.forType(connection.dataType(), request.data());
        CompletableFuture<Void> sent;
        try {
            sent = connection.send(value);
        } catch (MessageTooLargeException e) {
            throw e; // 413, by ApiProblems
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("the value does not fit the " + connection.dataType() + " connection: "
                    + e.getMessage(), e);
        }
        if (sent.isCompletedExceptionally()) {
            if (failure(sent) instanceof MessageTooLargeException e) {
                throw e;
            }
            throw Problems.notFound("connection to " + connection.peerName() + " is closed");
        }
        sent.whenComplete((r, e) -> {
            if (e != null) {
                log.warn("message to {} was not {}: {}", connection.peerName(), ack ? "delivered" : "sent", e.getMessage());
            }
        });
        Accepted accepted = new Accepted(connection.peerName(), connection.dataType().wireName());
        if (!ack) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted);
        }
        awaitAcknowledgment(sent, connection);
        return ResponseEntity.ok(accepted);
    }

    /** Waits at most {@code p2p.timeout} for the other peer to acknowledge; a 504 when it did not. */
    private void awaitAcknowledgment(CompletableFuture<Void> sent, Connection connection) {
        long limit = peer.timeout().toMillis();
        try {
            sent.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw Problems.of(HttpStatus.GATEWAY_TIMEOUT, "not acknowledged by " + connection.peerName() + " within "
                    + limit + " ms; the session keeps it and delivers it if the peer comes back in time", null);
        } catch (ExecutionException e) {
            throw Problems.of(HttpStatus.GATEWAY_TIMEOUT, "not delivered to " + connection.peerName() + ": "
                    + FutureFailures.cause(e).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting for the acknowledgment", e);
        }
    }

    private static Throwable failure(CompletableFuture<Void> failed) {
        Throwable failure = failed.handle((r, e) -> e).join();
        return FutureFailures.cause(failure);
    }
}
