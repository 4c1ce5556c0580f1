package io.janus.edge;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * An emulated weaker device ({@code --slowdown}): compute on the edge takes {@code factor} times as long as on this
 * machine, the extra time slept. Factor 1 runs the work as it is.
 */
record DeviceSlowdown(double factor) {

    <T> T run(Supplier<T> work) {
        long t0 = System.nanoTime();
        T out = work.get();
        if (factor > 1.0) {
            long extra = (long) ((System.nanoTime() - t0) * (factor - 1.0));
            long end = System.nanoTime() + extra;
            for (long left = extra; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
        return out;
    }
}
