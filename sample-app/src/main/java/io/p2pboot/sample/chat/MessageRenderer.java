package io.p2pboot.sample.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a received value to the JSON the API shows, once, when it is logged: what cannot be
 * rendered within the log's bounds becomes {@code {"unrenderable": "<reason>", "bytes": N}}
 * ({@code N} the payload's size on the wire), so no stored message can make a response fail or
 * cost more than copying its text.
 */
@Component
public class MessageRenderer {

    /** Levels that {@code GET /api/messages} adds around a message's data: the list and the message object. */
    static final int WRAPPING_LEVELS = 2;

    private static final Logger log = LoggerFactory.getLogger(MessageRenderer.class);
    private static final int MAX_REASON = 200;

    private final JsonMapper mapper;
    private final Payloads.Limits limits;

    /**
     * @param mapper the application's mapper. Its limits bound what is shown, so that a client with
     *     the same limits (Jackson's defaults: 500 levels, numbers of 1000 digits) can read every
     *     response: a value may nest as deep as its write limit less {@link #WRAPPING_LEVELS}, and
     *     a number have as many digits as its read limit allows
     */
    public MessageRenderer(JsonMapper mapper, ChatProperties properties) {
        this.mapper = mapper;
        TokenStreamFactory json = mapper.tokenStreamFactory();
        this.limits = new Payloads.Limits(json.streamWriteConstraints().getMaxNestingDepth() - WRAPPING_LEVELS,
                json.streamReadConstraints().getMaxNumberLength(), properties.historyBytes().toBytes());
    }

    /** The value's JSON (UTF-8), or the placeholder when it cannot be shown; {@code payloadBytes} is its size on the wire. */
    public byte[] render(String from, Object value, int payloadBytes) {
        String reason;
        try {
            return Payloads.toJson(value, mapper, limits);
        } catch (UnrenderableValueException e) {
            reason = e.getMessage();
        } catch (JacksonException e) {
            reason = e.getOriginalMessage(); // a limit of the writer's own
        }
        if (reason == null || reason.isBlank()) {
            reason = "not representable as JSON";
        } else if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "...";
        }
        log.info("message from {} ({} bytes) logged as unrenderable: {}", from, payloadBytes, reason);
        return placeholder(reason, payloadBytes);
    }

    private byte[] placeholder(String reason, int payloadBytes) {
        Map<String, Object> placeholder = new LinkedHashMap<>();
        placeholder.put("unrenderable", reason);
        placeholder.put("bytes", payloadBytes);
        return mapper.writeValueAsBytes(placeholder);
    }
}
