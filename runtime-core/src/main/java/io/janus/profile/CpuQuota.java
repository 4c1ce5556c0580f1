package io.janus.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The CPU time a cgroup quota grants this process, in cores (a pod's {@code limits.cpu: 250m} is 0.25). Under a
 * quota a computation longer than the quota's share of one period is throttled, so a profile of short timed runs
 * (each fitting in the quota) shows the unthrottled speed while a frame's work runs at the quota's pace.
 */
public final class CpuQuota {

    /** Where the kernel mounts the cgroup file systems, inside a container too. */
    static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private CpuQuota() {}

    /** The quota of this process's cgroup; empty when there is none (or no cgroup file system is readable). */
    public static OptionalDouble current() {
        return read(CGROUP_ROOT);
    }

    /**
     * The quota under a cgroup mount: cgroup v2's {@code cpu.max} ("QUOTA PERIOD", "max PERIOD" when unlimited),
     * else cgroup v1's {@code cpu.cfs_quota_us} (-1 when unlimited) over {@code cpu.cfs_period_us}, in the
     * {@code cpu} or {@code cpu,cpuacct} hierarchy.
     */
    static OptionalDouble read(Path root) {
        Path v2 = root.resolve("cpu.max");
        if (Files.isRegularFile(v2)) {
            String[] fields = readLine(v2).split("\\s+");
            return fields.length == 2 && !fields[0].equals("max")
                    ? cores(Long.parseLong(fields[0]), Long.parseLong(fields[1]), v2) : OptionalDouble.empty();
        }
        for (String hierarchy : List.of("cpu", "cpu,cpuacct")) {
            Path quota = root.resolve(hierarchy).resolve("cpu.cfs_quota_us");
            Path period = root.resolve(hierarchy).resolve("cpu.cfs_period_us");
            if (Files.isRegularFile(quota) && Files.isRegularFile(period)) {
                long q = Long.parseLong(readLine(quota));
                return q < 0 ? OptionalDouble.empty() : cores(q, Long.parseLong(readLine(period)), quota);
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble cores(long quotaMicros, long periodMicros, Path file) {
        if (quotaMicros <= 0 || periodMicros <= 0) {
            throw new IllegalStateException(file + ": CPU quota " + quotaMicros + " us per " + periodMicros
                    + " us period: both must be positive");
        }
        return OptionalDouble.of((double) quotaMicros / periodMicros);
    }

    private static String readLine(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}
