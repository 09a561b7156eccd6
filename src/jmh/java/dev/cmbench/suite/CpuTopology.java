package dev.cmbench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The processor the run measured on, once per run in {@code env.json}: its model, and how its
 * logical CPUs share cores and sockets (SMT: two hyperthreads of a core share its execution
 * units, so two threads on them are not two cores' worth). What Linux shows a guest: on a VM the
 * vCPUs may be hyperthreads of the host whatever this says.
 *
 * @param model          {@code model name} of {@code /proc/cpuinfo}, or "unknown"
 * @param logicalCpus    the CPUs the OS schedules on
 * @param cores          distinct (socket, core) pairs among them
 * @param sockets        distinct physical packages
 * @param threadsPerCore logical CPUs per core: 1 without SMT, 2 with it
 */
record CpuTopology(String model, int logicalCpus, int cores, int sockets, int threadsPerCore) {

    private static final Path CPUS = Path.of("/sys/devices/system/cpu");

    /** This machine's, from /proc/cpuinfo and sysfs; where they are absent, the JVM's processor count alone. */
    static CpuTopology read() {
        String model = "unknown";
        try {
            model = modelName(Files.readString(Path.of("/proc/cpuinfo"))).orElse(model);
        } catch (IOException e) {
            // not Linux, or no /proc: the model stays unknown
        }
        Set<String> cores = new HashSet<>();
        Set<String> sockets = new HashSet<>();
        int logical = 0;
        try (Stream<Path> entries = Files.list(CPUS)) {
            for (Path cpu : entries.filter(p -> p.getFileName().toString().matches("cpu\\d+")).toList()) {
                Path topology = cpu.resolve("topology");
                if (!Files.isDirectory(topology)) {
                    continue; // an offline CPU
                }
                String socket = Files.readString(topology.resolve("physical_package_id")).strip();
                sockets.add(socket);
                cores.add(socket + ":" + Files.readString(topology.resolve("core_id")).strip());
                logical++;
            }
        } catch (IOException e) {
            int cpus = Runtime.getRuntime().availableProcessors();
            return new CpuTopology(model, cpus, cpus, 1, 1);
        }
        return of(model, logical, cores.size(), sockets.size());
    }

    static CpuTopology of(String model, int logicalCpus, int cores, int sockets) {
        return new CpuTopology(model, logicalCpus, cores, sockets, cores > 0 ? logicalCpus / cores : 1);
    }

    /** The first {@code model name} line's value. */
    static Optional<String> modelName(String cpuinfo) {
        for (String line : cpuinfo.lines().toList()) {
            List<String> parts = List.of(line.split(":", 2));
            if (parts.size() == 2 && parts.get(0).strip().equals("model name")) {
                return Optional.of(parts.get(1).strip());
            }
        }
        return Optional.empty();
    }
}
