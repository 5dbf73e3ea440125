/**
 * The JGroups contender: the same workloads on JGroups 5.4 (its TCP stack, {@code tcp.xml}, pinned
 * to loopback), each a {@link io.p2pboot.bench.Contender} run beside the raw Netty baseline, so that
 * the table shows the library against the most used Java peer library as well.
 */
package io.p2pboot.bench.jgroups;
