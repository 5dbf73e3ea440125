package io.p2pboot.sample.web;

import io.p2pboot.protocol.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the {@code data} of a send request into what a connection of each data type carries:
 * {@code json} the value as is; {@code bytes} a string's UTF-8 (or {@code {"base64": "..."}}, the
 * form received bytes are shown in); {@code raw} the value as plain Python values.
 */
@Component
class OutgoingValues {

    private final JsonMapper mapper;

    OutgoingValues(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** @throws org.springframework.web.ErrorResponseException 400 when the value does not fit the data type */
    Object forType(DataType type, JsonNode data) {
        return switch (type) {
            case JSON, RAW -> mapper.treeToValue(data, Object.class);
            case BYTES -> bytes(data);
        };
    }

    private static byte[] bytes(JsonNode data) {
        if (data.isString()) {
            return data.asString().getBytes(StandardCharsets.UTF_8);
        }
        if (data.isObject() && data.size() == 1 && data.path("base64").isString()) {
            try {
                return Base64.getDecoder().decode(data.path("base64").asString());
            } catch (IllegalArgumentException e) {
                throw Problems.badRequest("data.base64 is not valid base64: " + e.getMessage(), e);
            }
        }
        throw Problems.badRequest("a bytes connection sends a string (as UTF-8) or {\"base64\": \"...\"}, not "
                + data.getNodeType().name().toLowerCase(Locale.ROOT));
    }
}
