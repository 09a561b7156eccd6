package dev.cmbench.workload;

/** Run in a child JVM by {@link CalibrationTest}: prints the compute units of one 100 µs cpu task. */
public final class PrintComputeUnits {

    private PrintComputeUnits() {
    }

    public static void main(String[] args) {
        System.out.println(Workload.CPU.tasks(1, Calibration.current()).get(0).computeUnits());
    }
}
