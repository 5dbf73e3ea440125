/** The baselines: the same workloads written on raw Netty (and blocking sockets for the limits), with no library code. */
@NullMarked
package io.p2pboot.bench.raw;

import org.jspecify.annotations.NullMarked;
