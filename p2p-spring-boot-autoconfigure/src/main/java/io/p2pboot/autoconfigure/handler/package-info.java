/**
 * Annotated handler methods ({@code @OnOffer}, {@code @OnData}, {@code @OnClose}, ...): found on
 * beans, checked at start-up, and registered on the peer with their arguments resolved by type;
 * {@code @OnData} return values sent back as replies; failures given to a {@link
 * io.p2pboot.autoconfigure.handler.P2pErrorHandler}.
 */
@NullMarked
package io.p2pboot.autoconfigure.handler;

import org.jspecify.annotations.NullMarked;
