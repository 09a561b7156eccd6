package dev.cmbench.suite;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code OUT/run.lock}: one run at a time in a directory. Two runs started in one checkout a few
 * seconds apart once both ended "complete", each measured beside the other, the second having
 * replaced the first's files without a word. The lock names the process that holds it and when
 * that process started; it holds while that process lives (a run killed outright leaves a lock
 * nobody holds, which the next run takes over).
 *
 * <p>Under {@code mvn verify -Pbench} the lock is taken for the Maven build itself, before it
 * compiles: {@code main} runs in the validate phase (as a source file, before anything is
 * compiled) and takes it for its parent, the Maven JVM, so that a second build in the same
 * checkout refuses before it rebuilds the jar the first run's forks load or runs tests beside
 * them. The runner that build starts later finds the lock held by its own parent and keeps it.
 * Only JDK classes here: the validate phase runs this file before anything is built.
 */
final class RunLock {

    static final String FILE = "run.lock";

    private final Path file;
    private final ProcessHandle holder;

    private RunLock(Path file, ProcessHandle holder) {
        this.file = file;
        this.holder = holder;
    }

    /**
     * Takes the lock on {@code out} for this process, or keeps it where this process's parent
     * (the Maven build) holds it.
     *
     * @return the lock, or the one-line reason why another run holds it
     */
    static Held take(Path out) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        return take(out, self, List.of(self, self.parent().orElse(self)));
    }

    /** The outcome of {@link #take}: the lock, or why another run has it. */
    record Held(Optional<RunLock> lock, String refusal) {
    }

    /**
     * @param holder the process to hold a lock nobody holds
     * @param ours   processes whose lock this process may keep: itself and the build that started it
     */
    private static Held take(Path out, ProcessHandle holder, List<ProcessHandle> ours) throws IOException {
        Files.createDirectories(out);
        Path file = out.resolve(FILE);
        // The OS lock makes read-check-write one step: two runs starting together cannot both take it.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            Properties recorded = read(channel);
            Optional<ProcessHandle> current = liveHolder(recorded);
            if (current.isPresent() && ours.stream().anyMatch(p -> p.pid() == current.get().pid())) {
                return new Held(Optional.of(new RunLock(file, current.get())), null);
            }
            if (current.isPresent()) {
                return new Held(Optional.empty(), "another run is going on in " + out + ": process " + current.get().pid()
                        + ", started " + recorded.getProperty("started") + "; wait for it to end, or run in another checkout");
            }
            Properties mine = new Properties();
            mine.setProperty("pid", Long.toString(holder.pid()));
            mine.setProperty("started", holder.info().startInstant().map(Instant::toString).orElse(""));
            write(channel, mine);
            return new Held(Optional.of(new RunLock(file, holder)), null);
        }
    }

    /** Lets the next run in: removes the lock, if its holder is still the one recorded. */
    void release() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (read(channel).getProperty("pid", "").equals(Long.toString(holder.pid()))) {
                channel.truncate(0);
            }
        } catch (NoSuchFileException e) {
            // nothing to release
        }
    }

    /** The recorded holder, if that process still lives (the same process: its start time matches). */
    private static Optional<ProcessHandle> liveHolder(Properties recorded) {
        long pid;
        try {
            pid = Long.parseLong(recorded.getProperty("pid", ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String started = recorded.getProperty("started", "");
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> started.isEmpty() || p.info().startInstant().map(Instant::toString).orElse(started)
                        .equals(started));
    }

    private static Properties read(FileChannel channel) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
        channel.read(bytes, 0);
        Properties properties = new Properties();
        properties.load(new StringReader(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8)));
        return properties;
    }

    private static void write(FileChannel channel, Properties properties) throws IOException {
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
    }

    /**
     * The validate phase of {@code mvn verify -Pbench}: {@code --out DIR --failure-file FILE}.
     * Takes the lock on DIR for the Maven build (this process's parent); when another run holds
     * it, prints why and writes it to FILE, for the build to fail with that one line. Exits 0
     * either way: a non-zero exit would have Maven's exec plugin print a stack trace.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !args[0].equals("--out") || !args[2].equals("--failure-file")) {
            System.err.println("cmbench: usage: RunLock --out DIR --failure-file FILE");
            System.exit(2);
        }
        Path failure = Path.of(args[3]);
        Files.createDirectories(failure.toAbsolutePath().getParent());
        Files.writeString(failure, ""); // empty: the build has not failed (Ant sets no property from an empty file)
        ProcessHandle build = ProcessHandle.current().parent().orElseThrow();
        Held held = take(Path.of(args[1]), build, List.of(build));
        if (held.lock().isEmpty()) {
            String line = "cmbench: " + held.refusal();
            System.err.println(line);
            Files.writeString(failure, line + "\n");
        }
    }
}
