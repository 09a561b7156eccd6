package dev.cmbench.bench;

import dev.cmbench.machine.Affinity;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Party B of {@link SwitchPair#PROCESSES}, a process of its own: pinned to the CPU it is given, it
 * says {@code READY pid cpu,cpu…} (the CPUs it may run on), then reads a byte from its standard input and
 * writes the next one to its standard output, unbuffered, until its input ends.
 *
 * <pre>SwitchEcho CPU</pre>
 */
public final class SwitchEcho {

    private SwitchEcho() {
    }

    public static void main(String[] args) throws IOException {
        int cpu = Integer.parseInt(args[0]);
        FileInputStream in = new FileInputStream(FileDescriptor.in);
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        Affinity affinity = Affinity.ofThisOs().orElseThrow(() -> new IllegalStateException("no CPU affinity here"));
        if (!affinity.pin(cpu)) {
            throw new IllegalStateException("cannot pin the switch partner to CPU " + cpu);
        }
        String cpus = affinity.of(0).orElseThrow().stream().mapToObj(Integer::toString).collect(Collectors.joining(","));
        out.write(("READY " + ProcessHandle.current().pid() + " " + cpus + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int b; (b = in.read()) >= 0; ) {
            out.write((b + 1) & 0x7F);
        }
    }
}
