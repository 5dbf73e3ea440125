/**
 * Payload codecs: values to the bytes of a {@code json}, {@code bytes} or {@code raw} (pickle)
 * message and back, exactly as a Python peer writes and reads them, refusing hostile payloads
 * with a precise reason.
 */
@NullMarked
package io.p2pboot.codec;

import org.jspecify.annotations.NullMarked;
