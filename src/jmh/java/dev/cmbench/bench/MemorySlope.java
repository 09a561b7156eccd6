package dev.cmbench.bench;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Bytes per unit as the least-squares slope of memory over the number of live units: what one
 * more unit costs. Dividing the growth by the count instead adds to every unit a share of what
 * comes once with the first units (carrier threads, a malloc arena, code paged in), a share that
 * shrinks as the count grows; the fit puts that into its intercept.
 */
final class MemorySlope {

    private final SimpleRegression heap = new SimpleRegression();
    private final SimpleRegression nativeMemory = new SimpleRegression();
    private final SimpleRegression kernel = new SimpleRegression();

    /** Adds a reading taken with {@code units} units live. */
    void add(int units, MemoryReading reading) {
        heap.addData(units, reading.heapBytes());
        nativeMemory.addData(units, reading.nativeBytes());
        kernel.addData(units, reading.kernelBytes());
    }

    /** The slopes; needs readings at two unit counts or more. */
    BytesPerUnit bytesPerUnit() {
        BytesPerUnit slopes = new BytesPerUnit(heap.getSlope(), nativeMemory.getSlope(), kernel.getSlope());
        if (Double.isNaN(slopes.totalBytes())) { // SimpleRegression's answer to fewer than two distinct counts
            throw new IllegalStateException("a slope needs readings at two unit counts or more, got " + heap.getN()
                    + " reading(s)");
        }
        return slopes;
    }

    /** Bytes one more unit costs on the heap, in native memory (this JVM's and its children's) and in the kernel. */
    record BytesPerUnit(double heapBytes, double nativeBytes, double kernelBytes) {

        double totalBytes() {
            return heapBytes + nativeBytes + kernelBytes;
        }
    }
}
