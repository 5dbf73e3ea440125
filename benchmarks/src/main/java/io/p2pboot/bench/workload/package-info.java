/** The workloads, each measuring the library beside its raw baseline: throughput, round trips, handshakes, idle memory. */
@NullMarked
package io.p2pboot.bench.workload;

import org.jspecify.annotations.NullMarked;
