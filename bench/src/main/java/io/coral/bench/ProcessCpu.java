package io.coral.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's CPU time, user and kernel apart (from /proc/self/stat on Linux), so a benchmark can report CPU
 * per operation: on a shared machine that is steadier than a rate.
 */
final class ProcessCpu {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private ProcessCpu() {}

    /** Bytes allocated by every live thread so far (the JVM counts a virtual thread's on its carrier). */
    static long allocatedBytes() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getTotalThreadAllocatedBytes();
        }
        return 0;
    }

    /** {user ns, kernel ns}; zeros where /proc is not available. */
    static long[] now() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ... utime is field 14 of the whole line, i.e. index 11 here
            return new long[] {Long.parseLong(f[11]) * NANOS_PER_TICK, Long.parseLong(f[12]) * NANOS_PER_TICK};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
