/**
 * The chat itself: handler methods and event listeners on the peer, the allow list of offers,
 * and the bounded log of received messages with their rendering.
 */
@NullMarked
package io.p2pboot.sample.chat;

import org.jspecify.annotations.NullMarked;
