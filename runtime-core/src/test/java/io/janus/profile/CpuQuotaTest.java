package io.janus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuQuotaTest {

    @TempDir
    Path root;

    @Test
    void cgroupV1QuotaOverPeriodIsThePodsCpuLimit() throws Exception {
        // What a pod with limits.cpu: 100m sees on a cgroup v1 node (measured on scripts/local-cluster's real node).
        write("cpu/cpu.cfs_quota_us", "10000\n");
        write("cpu/cpu.cfs_period_us", "100000\n");
        assertThat(CpuQuota.read(root)).hasValue(0.1);
    }

    @Test
    void cgroupV1CombinedHierarchyAndNoQuota() throws Exception {
        write("cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
        write("cpu,cpuacct/cpu.cfs_period_us", "100000\n");
        assertThat(CpuQuota.read(root)).isEmpty();
    }

    @Test
    void cgroupV2CpuMax() throws Exception {
        write("cpu.max", "250000 100000\n");
        assertThat(CpuQuota.read(root)).hasValue(2.5);
        write("cpu.max", "max 100000\n");
        assertThat(CpuQuota.read(root)).isEmpty();
    }

    @Test
    void noCgroupFilesMeansNoQuota() {
        assertThat(CpuQuota.read(root)).isEmpty();
    }

    @Test
    void aZeroPeriodIsRefusedNamingTheFile() throws Exception {
        write("cpu/cpu.cfs_quota_us", "10000");
        write("cpu/cpu.cfs_period_us", "0");
        assertThatThrownBy(() -> CpuQuota.read(root)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cpu.cfs_quota_us").hasMessageContaining("must be positive");
    }

    private void write(String name, String content) throws Exception {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
