package dev.cmbench.load;

import dev.cmbench.model.Shutdown;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the harness ({@link HarnessMain}) or a pre-forked server worker, seen from the
 * parent: commands go to its standard input, answers come back a line each on its standard output,
 * read by a thread of its own so that a wait can time out; its standard error goes to the parent's.
 * A child that dies, answers {@code ERROR} or is silent past the time-out fails the call with one
 * line naming it.
 */
public final class HarnessProcess implements AutoCloseable {

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(2);
    private static final String END = "\u0000end";

    private final String name;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private HarnessProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = Thread.ofPlatform().name("cmbench-harness-reader-" + name).daemon().start(this::readLines);
    }

    /** Starts {@code command}, called {@code name} in errors. */
    public static HarnessProcess start(String name, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new HarnessProcess(name, process);
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone: END says so
        }
        lines.add(END);
    }

    public long pid() {
        return process.pid();
    }

    /** Sends one command line. */
    public void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    /** The next answer, which must start with {@code word}; returns what follows the word. */
    public String await(String word, Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new IllegalStateException(name + " did not answer " + word + " within " + timeout.toSeconds() + " s");
        }
        if (line.equals(END)) {
            lines.add(END);
            throw new IllegalStateException(name + " ended" + exitStatus() + " before answering " + word);
        }
        if (line.startsWith("ERROR ")) {
            throw new IllegalStateException(name + ": " + line.substring("ERROR ".length()));
        }
        if (!line.equals(word) && !line.startsWith(word + " ")) {
            throw new IllegalStateException(name + " answered '" + line + "' where " + word + " was expected");
        }
        return line.substring(word.length()).strip();
    }

    /** Sends {@code command} and returns its answer, which starts with {@code word}. */
    public String ask(String command, String word, Duration timeout) throws IOException, InterruptedException {
        send(command);
        return await(word, timeout);
    }

    private String exitStatus() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? " with exit status " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Closes its standard input (it exits), then SIGTERM, then SIGKILL; returns once it and its reader are gone. */
    @Override
    public void close() {
        Shutdown.stopAll(List.of(process), STOP_PATIENCE);
        Shutdown.joinAll(List.of(reader));
    }
}
