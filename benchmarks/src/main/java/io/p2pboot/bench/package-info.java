/**
 * The benchmark runner: workloads measured against a raw Netty baseline in the same run, in
 * alternating rounds, reported as ratios with the machine's limits beside them.
 */
@NullMarked
package io.p2pboot.bench;

import org.jspecify.annotations.NullMarked;
