package io.p2pboot.sample.chat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns received values into JSON-friendly ones: bytes become a string when they are UTF-8, else {@code {"base64": ...}}. */
public final class Payloads {

    private Payloads() {
    }

    /** The value with byte arrays, tuples, sets and other pickled shapes made plain JSON values. */
    public static Object toView(Object value) {
        if (value instanceof byte[] bytes) {
            return bytesView(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k instanceof byte[] b ? String.valueOf(bytesView(b)) : String.valueOf(k), toView(v)));
            return copy;
        }
        if (value instanceof Collection<?> items) {
            List<Object> copy = new ArrayList<>(items.size());
            items.forEach(v -> copy.add(toView(v)));
            return copy;
        }
        if (value instanceof Object[] items) {
            return toView(Arrays.asList(items));
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString(); // e.g. a pickled complex number
    }

    /** A string when the bytes are valid UTF-8, otherwise {@code {"base64": "..."}}. */
    public static Object bytesView(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Map.of("base64", Base64.getEncoder().encodeToString(bytes));
        }
    }
}
