package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cgroup plans against fake cgroup file systems, and the performer on them. */
class CgroupPlanTest {
  @TempDir Path sys;

  static final Resources LIMITS = new Resources(64L << 20, 1_500_000_000L, 20);

  private Path v2() throws IOException {
    Files.writeString(sys.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Files.writeString(sys.resolve("cgroup.subtree_control"), "");
    return sys;
  }

  private Path v1() throws IOException {
    for (String hierarchy : new String[] {"cpu,cpuacct", "memory", "pids", "freezer"}) {
      Files.createDirectories(sys.resolve(hierarchy));
    }
    Files.createDirectories(sys.resolve("unified")); // the empty v2 of a hybrid host
    return sys;
  }

  @Test
  void detect_v2_whenRootHasControllers() throws IOException {
    CgroupLayout layout = CgroupLayout.detect(v2());
    assertThat(layout).isInstanceOf(CgroupLayout.V2.class);
    assertThat(((CgroupLayout.V2) layout).controllers()).contains("memory", "cpu", "pids");
  }

  @Test
  void detect_v1_findsCoMountedControllers() throws IOException {
    CgroupLayout layout = CgroupLayout.detect(v1());
    assertThat(((CgroupLayout.V1) layout).controllers())
        .containsEntry("cpu", sys.resolve("cpu,cpuacct"))
        .containsEntry("memory", sys.resolve("memory"))
        .containsEntry("pids", sys.resolve("pids"));
  }

  @Test
  void plan_v2() throws IOException {
    CgroupPlan plan = CgroupPlan.of(CgroupLayout.detect(v2()), "abc", LIMITS);
    Path leaf = sys.resolve("berth/abc");
    assertThat(plan.directories()).containsExactly(sys.resolve("berth"), leaf);
    assertThat(plan.settings())
        .extracting(s -> sys.relativize(s.file()) + "=" + s.value())
        .containsExactly(
            "cgroup.subtree_control=+memory",
            "cgroup.subtree_control=+cpu",
            "cgroup.subtree_control=+pids",
            "berth/cgroup.subtree_control=+memory",
            "berth/cgroup.subtree_control=+cpu",
            "berth/cgroup.subtree_control=+pids",
            "berth/abc/memory.max=67108864",
            "berth/abc/memory.swap.max=0",
            "berth/abc/cpu.max=150000 100000",
            "berth/abc/pids.max=20");
    assertThat(plan.procs()).containsExactly(leaf.resolve("cgroup.procs"));
    assertThat(plan.tasks()).isEmpty();
    assertThat(plan.oomEvents()).isEqualTo(leaf.resolve("memory.events"));
  }

  @Test
  void plan_v1() throws IOException {
    CgroupPlan plan = CgroupPlan.of(CgroupLayout.detect(v1()), "abc", LIMITS);
    assertThat(plan.settings())
        .extracting(s -> sys.relativize(s.file()) + "=" + s.value())
        .containsExactly(
            "memory/berth/abc/memory.limit_in_bytes=67108864",
            "memory/berth/abc/memory.memsw.limit_in_bytes=67108864",
            "cpu,cpuacct/berth/abc/cpu.cfs_period_us=100000",
            "cpu,cpuacct/berth/abc/cpu.cfs_quota_us=150000",
            "pids/berth/abc/pids.max=20");
    assertThat(plan.tasks())
        .containsExactlyInAnyOrder(
            sys.resolve("memory/berth/abc/tasks"),
            sys.resolve("cpu,cpuacct/berth/abc/tasks"),
            sys.resolve("pids/berth/abc/tasks"));
    assertThat(plan.oomEvents()).isEqualTo(sys.resolve("memory/berth/abc/memory.oom_control"));
  }

  @Test
  void plan_unlimited_writesNothing_butStillMakesTheCgroup() throws IOException {
    CgroupPlan plan = CgroupPlan.of(CgroupLayout.detect(v1()), "abc", Resources.UNLIMITED);
    assertThat(plan.settings()).isEmpty();
    assertThat(plan.directories()).hasSize(6);
  }

  @Test
  void plan_missingController_isAClearError() throws IOException {
    Files.writeString(sys.resolve("cgroup.controllers"), "cpu\n");
    CgroupLayout layout = CgroupLayout.detect(sys);
    assertThatThrownBy(() -> CgroupPlan.of(layout, "abc", new Resources(1 << 20, 0, 0)))
        .hasMessageContaining("--memory needs the memory cgroup controller");
    assertThatThrownBy(() -> CgroupPlan.of(layout, "../escape", Resources.UNLIMITED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void perform_onFakeTree_writesFilesAndReadsOomKills() throws IOException {
    CgroupPlan plan = CgroupPlan.of(CgroupLayout.detect(v2()), "abc", LIMITS);
    Files.createDirectories(sys.resolve("berth/abc"));
    for (String file : new String[] {"memory.max", "cpu.max", "pids.max", "berth/x"}) {
      if (!file.contains("/")) {
        Files.writeString(sys.resolve("berth/abc").resolve(file), "max\n");
      }
    }
    Files.writeString(sys.resolve("berth/cgroup.subtree_control"), "");
    Cgroup cgroup = Cgroup.create(plan);
    assertThat(sys.resolve("berth/abc/memory.max")).hasContent("67108864");
    assertThat(sys.resolve("berth/abc/memory.swap.max")).doesNotExist(); // optional, absent
    assertThat(cgroup.oomKilled()).isFalse();
    Files.writeString(sys.resolve("berth/abc/memory.events"), "low 0\noom 1\noom_kill 1\n");
    assertThat(cgroup.oomKilled()).isTrue();
    assertThat(cgroup.joinThread(1)).isFalse(); // v2 cannot move a lone thread
  }

  @Test
  void oomEvents_v1Format() {
    assertThat(Cgroup.OomEvents.killed("oom_kill_disable 0\nunder_oom 0\noom_kill 0\n")).isFalse();
    assertThat(Cgroup.OomEvents.killed("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")).isTrue();
  }
}
