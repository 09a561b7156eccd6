package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.ForkEnvironments;
import dev.cmbench.analysis.read.ScoreUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The machine of a run beside that of its repeat, as each run measured it: the kernel build, a
 * cross-core wake-up (the median of the forks' probes), the forks' compute speed, and how many
 * forks other processes or the hypervisor disturbed. Not a correction: a reader who sees locks
 * move by ×2 beside a wake-up that halved knows the machine moved, not the code. On a cloud VM a
 * run a day later may land on another host, which the calibration handed to the forks (the same
 * work) does not make the same machine.
 */
public final class MachineContrast {

    private MachineContrast() {
    }

    /** "kernel 'A' against 'B'", "a cross-core wake-up 28.1 µs against 12.5 µs", ...: what both runs recorded. */
    public static List<String> of(Environment first, Environment second) {
        List<String> facts = new ArrayList<>();
        if (first.os().isPresent() && second.os().isPresent() && !first.os().equals(second.os())) {
            facts.add("kernel '" + first.os().get() + "' against '" + second.os().get() + "'");
        }
        both(first, second, e -> e.floor().map(Environment.MachineFloor::wakeUpMicros))
                .ifPresent(w -> facts.add("a cross-core wake-up " + ScoreUnit.duration(w[0] * 1e3) + " against "
                        + ScoreUnit.duration(w[1] * 1e3)));
        both(first, second, Environment::forkSpeedsMedian).ifPresent(s -> facts.add("the forks' compute speed "
                + ScoreUnit.number(s[0]) + " against " + ScoreUnit.number(s[1]) + " units/µs"));
        Optional<ForkEnvironments> a = first.forkEnvironments();
        Optional<ForkEnvironments> b = second.forkEnvironments();
        if (a.isPresent() && b.isPresent()) {
            facts.add("forks disturbed by other processes or steal " + disturbed(a.get()) + " against "
                    + disturbed(b.get()));
        }
        return List.copyOf(facts);
    }

    private static String disturbed(ForkEnvironments forks) {
        return forks.disturbed().size() + " of " + forks.forks();
    }

    private static Optional<double[]> both(Environment first, Environment second,
            Function<Environment, Optional<Double>> figure) {
        Optional<Double> a = figure.apply(first);
        Optional<Double> b = figure.apply(second);
        return a.isPresent() && b.isPresent() ? Optional.of(new double[] {a.get(), b.get()}) : Optional.empty();
    }
}
