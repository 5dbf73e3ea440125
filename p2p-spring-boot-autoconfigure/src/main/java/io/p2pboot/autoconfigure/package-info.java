/**
 * Spring Boot auto-configuration of a {@code Peer} from the {@code p2p.*} properties: its
 * configuration, lifecycle and customizers. Types are non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.p2pboot.autoconfigure;

import org.jspecify.annotations.NullMarked;
