/**
 * Test support for applications of the p2p starter: {@link io.p2pboot.test.P2pTest} keeps a test's
 * peer on loopback with free ports, and {@link io.p2pboot.test.TestPeer} talks to it.
 */
@NullMarked
package io.p2pboot.test;

import org.jspecify.annotations.NullMarked;
