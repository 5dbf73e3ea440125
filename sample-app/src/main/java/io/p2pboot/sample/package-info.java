/**
 * A LAN chat built on the p2p starter: the application's entry point.
 */
@NullMarked
package io.p2pboot.sample;

import org.jspecify.annotations.NullMarked;
