/**
 * Annotated handler methods ({@code @OnOffer}, {@code @OnData}, {@code @OnClose}, ...): found on
 * beans, checked at start-up, and registered on the peer with their arguments resolved by type.
 */
@NullMarked
package io.p2pboot.autoconfigure.handler;

import org.jspecify.annotations.NullMarked;
