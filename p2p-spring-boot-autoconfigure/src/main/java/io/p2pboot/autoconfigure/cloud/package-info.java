/**
 * Peers found through the application's Spring Cloud service registries, and this peer published
 * in its own registration: active when {@code spring-cloud-commons} is on the classpath and the
 * application has a {@code DiscoveryClient}.
 */
@NullMarked
package io.p2pboot.autoconfigure.cloud;

import org.jspecify.annotations.NullMarked;
