/**
 * Micrometer observations of the peer's handler methods, connects and offers, their
 * conventions and their auto-configuration.
 */
@NullMarked
package io.p2pboot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
