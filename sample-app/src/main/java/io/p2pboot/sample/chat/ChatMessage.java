package io.p2pboot.sample.chat;

import org.jspecify.annotations.Nullable;

/**
 * What the page sends on {@code json} connections: {@code {"from": "alice", "text": "hi"}}.
 *
 * @param from the sender's nickname
 * @param text what was said
 */
public record ChatMessage(@Nullable String from, @Nullable String text) {
}
