package dev.cmbench.bench;

import dev.cmbench.bench.SwitchPair.Placement;
import dev.cmbench.bench.SwitchPair.Seen;
import dev.cmbench.model.Shutdown;
import dev.cmbench.model.WorkerLaunch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.BitSet;
import java.util.List;

/** This JVM (party A, driven in batches) and a child JVM ({@link SwitchEcho}, party B) over two pipes. */
final class SwitchProcessParties extends SwitchPair.DrivenParties {
    private final Process child;
    private final InputStream fromChild;
    private final OutputStream toChild;
    private final Thread a;
    private final Seen childSeen;

    SwitchProcessParties(Placement placement) throws IOException {
        super(placement);
        this.child = new ProcessBuilder(WorkerLaunch.current().serving(SwitchEcho.class, Integer.toString(placement.cpuB())))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.fromChild = child.getInputStream();
        this.toChild = child.getOutputStream();
        String ready = readLine(fromChild);
        if (!ready.startsWith("READY ")) {
            Shutdown.stopAll(List.of(child), java.time.Duration.ofSeconds(2));
            throw new IllegalStateException("the switch partner did not start: '" + ready + "'");
        }
        String[] words = ready.split(" ");
        this.childSeen = new Seen("process " + words[1], cpus(words[2]));
        this.a = Thread.ofPlatform().name("cmbench-switch-a").start(() -> {
            if (placement.cpus() > 1) {
                placement.pinThread(0);
            }
            serveBatches();
        });
    }

    /** "0,1" → {0, 1}. */
    private static BitSet cpus(String list) {
        BitSet cpus = new BitSet();
        for (String cpu : list.split(",")) {
            cpus.set(Integer.parseInt(cpu));
        }
        return cpus;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString();
    }

    @Override
    long trip(long v) throws IOException {
        sightings.note(0);
        toChild.write((int) (v & 0x7F));
        toChild.flush();
        int answer = fromChild.read();
        if (answer != ((v + 1) & 0x7F)) {
            throw new IOException("the switch partner answered " + answer + " to " + (v & 0x7F));
        }
        return v + 1;
    }

    @Override
    public List<Seen> seen() {
        return List.of(sightings.list().get(0), childSeen);
    }

    @Override
    public void close() {
        // The child first: a party A blocked in a pipe read then reads the end of the stream.
        Shutdown.stopAll(List.of(child), java.time.Duration.ofSeconds(2));
        Shutdown.interruptAndJoin(List.of(a));
    }
}
