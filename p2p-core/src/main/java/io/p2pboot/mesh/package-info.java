/**
 * A mesh that keeps its connections: the peer dials every peer its sources find, and dials again,
 * with back-off, one whose connection ends for any reason but a deliberate close or a DENY.
 */
@NullMarked
package io.p2pboot.mesh;

import org.jspecify.annotations.NullMarked;
