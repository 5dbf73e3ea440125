/**
 * The peer's Micrometer meters, declared in {@link P2pMeter}, and
 * their auto-configuration.
 */
@NullMarked
package io.p2pboot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
