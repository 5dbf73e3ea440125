package io.p2pboot.bench.workload;

import io.p2pboot.bench.raw.IdleClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link IdleClients} in a child JVM (its own file-descriptor budget) and waits for READY. */
final class ChildClients implements AutoCloseable {

    private final Process process;

    ChildClients(int port, int count, boolean hello) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                IdleClients.class.getName(), "127.0.0.1", Integer.toString(port), Integer.toString(count),
                hello ? "hello" : "plain"))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY")) {
            close();
            throw new IOException("the client process could not open " + count + " connections: " + line
                    + " (each side needs " + count + " file descriptors; raise `ulimit -n`)");
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
