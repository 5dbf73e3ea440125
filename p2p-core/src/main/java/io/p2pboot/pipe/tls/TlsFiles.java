package io.p2pboot.pipe.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Checks a configured file before it is read, so a bad path names both the file and its setting. */
final class TlsFiles {

    private TlsFiles() {
    }

    static byte[] read(@Nullable Path file, String setting) {
        requireReadable(file, setting);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "TLS setting '" + setting + "': cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    static void requireReadable(@Nullable Path file, String setting) {
        if (file == null) {
            throw new IllegalArgumentException("TLS setting '" + setting + "' is not set");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(
                    "TLS setting '" + setting + "': file not found: " + file.toAbsolutePath());
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(
                    "TLS setting '" + setting + "': not a readable file: " + file.toAbsolutePath());
        }
    }
}
