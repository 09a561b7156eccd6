package dev.cmbench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A command the runner starts and waits for (git, a build, a JVM's version): its exit code and output. */
record ChildProcess(int exit, String output) {

    boolean succeeded() {
        return exit == 0;
    }

    /** The output's first line, for a one-line message. */
    String firstLine() {
        return output.strip().lines().findFirst().orElse("");
    }

    /**
     * Runs {@code command} in {@code dir}, stdout and stderr together, for at most {@code minutes};
     * a command that cannot start or does not end in time has exit code -1.
     */
    static ChildProcess run(Path dir, long minutes, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            StringBuilder output = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream in = process.getInputStream()) {
                    output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output lost: ").append(e.getMessage()).append(')');
                }
            });
            boolean ended = process.waitFor(minutes, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            reader.join();
            return ended ? new ChildProcess(process.exitValue(), output.toString())
                    : new ChildProcess(-1, output + "\n(timed out after " + minutes + " min)");
        } catch (IOException e) {
            return new ChildProcess(-1, command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ChildProcess(-1, "interrupted");
        }
    }
}
