/**
 * The peer's Spring Boot health indicator ({@code p2p}) and its auto-configuration.
 */
@NullMarked
package io.p2pboot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
