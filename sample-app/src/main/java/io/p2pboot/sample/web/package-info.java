/**
 * The chat's REST API and page: peers, connections and messages over HTTP, every error as
 * {@code application/problem+json}.
 */
@NullMarked
package io.p2pboot.sample.web;

import org.jspecify.annotations.NullMarked;
