package dev.berth.agent.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The file operations that give a container its own cgroup with its limits, planned without
 * touching any file so that both layouts can be tested on any host. {@link Cgroup} performs it.
 *
 * @param directories to create, parents first
 * @param settings files to write, in order
 * @param procs {@code cgroup.procs} files a container's PID is written to
 * @param tasks v1 {@code tasks} files a single thread can be moved with (empty on v2, which does
 *     not let a process's threads sit in different cgroups)
 * @param oomEvents the file that counts OOM kills ({@code memory.events} or {@code
 *     memory.oom_control}), or null without a memory controller
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#memory-interface-files">memory
 *     interface files</a>
 */
public record CgroupPlan(
    List<Path> directories,
    List<Setting> settings,
    List<Path> procs,
    List<Path> tasks,
    Path oomEvents) {
  /** The parent of every container cgroup. */
  public static final String PARENT = "berth";

  /**
   * One write.
   *
   * @param optional skip it when the file does not exist (such as swap files without swap
   *     accounting)
   */
  public record Setting(Path file, String value, boolean optional) {
    public Setting {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(value, "value");
    }
  }

  public CgroupPlan {
    directories = List.copyOf(directories);
    settings = List.copyOf(settings);
    procs = List.copyOf(procs);
    tasks = List.copyOf(tasks);
  }

  /** Plans cgroup {@code berth/<id>} with the given limits. */
  public static CgroupPlan of(CgroupLayout layout, String id, Resources resources) {
    if (!id.matches("[a-zA-Z0-9_.-]+")) {
      throw new IllegalArgumentException("invalid cgroup name " + id);
    }
    if (layout instanceof CgroupLayout.V2 v2) {
      return planV2(v2, id, resources);
    }
    return planV1((CgroupLayout.V1) layout, id, resources);
  }

  private static CgroupPlan planV2(CgroupLayout.V2 layout, String id, Resources resources) {
    Path parent = layout.root().resolve(PARENT);
    Path leaf = parent.resolve(id);
    List<Setting> settings = new ArrayList<>();
    // A controller's files appear in a child only once its parent delegates it.
    for (Path level : List.of(layout.root(), parent)) {
      for (String controller : CgroupLayout.MANAGED) {
        if (layout.controllers().contains(controller)) {
          settings.add(
              new Setting(level.resolve("cgroup.subtree_control"), "+" + controller, false));
        }
      }
    }
    boolean memory = layout.controllers().contains("memory");
    if (resources.memoryBytes() > 0) {
      requireController(memory, "memory", "--memory");
      settings.add(
          new Setting(leaf.resolve("memory.max"), Long.toString(resources.memoryBytes()), false));
      settings.add(new Setting(leaf.resolve("memory.swap.max"), "0", true));
    }
    if (resources.nanoCpus() > 0) {
      requireController(layout.controllers().contains("cpu"), "cpu", "--cpus");
      settings.add(
          new Setting(
              leaf.resolve("cpu.max"),
              resources.cpuQuotaMicros() + " " + Resources.CPU_PERIOD_MICROS,
              false));
    }
    if (resources.pidsLimit() > 0) {
      requireController(layout.controllers().contains("pids"), "pids", "--pids-limit");
      settings.add(
          new Setting(leaf.resolve("pids.max"), Long.toString(resources.pidsLimit()), false));
    }
    return new CgroupPlan(
        List.of(parent, leaf),
        settings,
        List.of(leaf.resolve("cgroup.procs")),
        List.of(),
        memory ? leaf.resolve("memory.events") : null);
  }

  private static CgroupPlan planV1(CgroupLayout.V1 layout, String id, Resources resources) {
    List<Path> directories = new ArrayList<>();
    List<Path> procs = new ArrayList<>();
    List<Path> tasks = new ArrayList<>();
    for (Path mount : layout.controllers().values()) {
      Path leaf = mount.resolve(PARENT).resolve(id);
      if (!directories.contains(leaf)) {
        directories.add(mount.resolve(PARENT));
        directories.add(leaf);
        procs.add(leaf.resolve("cgroup.procs"));
        tasks.add(leaf.resolve("tasks"));
      }
    }
    List<Setting> settings = new ArrayList<>();
    Path memory = leaf(layout, "memory", id);
    if (resources.memoryBytes() > 0) {
      requireController(memory != null, "memory", "--memory");
      String bytes = Long.toString(resources.memoryBytes());
      settings.add(new Setting(memory.resolve("memory.limit_in_bytes"), bytes, false));
      // memory+swap equal to memory: no swap, so exceeding the limit means an OOM kill.
      settings.add(new Setting(memory.resolve("memory.memsw.limit_in_bytes"), bytes, true));
    }
    if (resources.nanoCpus() > 0) {
      Path cpu = leaf(layout, "cpu", id);
      requireController(cpu != null, "cpu", "--cpus");
      settings.add(
          new Setting(
              cpu.resolve("cpu.cfs_period_us"), Long.toString(Resources.CPU_PERIOD_MICROS), false));
      settings.add(
          new Setting(
              cpu.resolve("cpu.cfs_quota_us"), Long.toString(resources.cpuQuotaMicros()), false));
    }
    if (resources.pidsLimit() > 0) {
      Path pids = leaf(layout, "pids", id);
      requireController(pids != null, "pids", "--pids-limit");
      settings.add(
          new Setting(pids.resolve("pids.max"), Long.toString(resources.pidsLimit()), false));
    }
    return new CgroupPlan(
        directories,
        settings,
        procs,
        tasks,
        memory == null ? null : memory.resolve("memory.oom_control"));
  }

  private static Path leaf(CgroupLayout.V1 layout, String controller, String id) {
    Path mount = layout.controllers().get(controller);
    return mount == null ? null : mount.resolve(PARENT).resolve(id);
  }

  private static void requireController(boolean present, String controller, String option) {
    if (!present) {
      throw new IllegalStateException(
          option + " needs the " + controller + " cgroup controller, which this host lacks");
    }
  }
}
