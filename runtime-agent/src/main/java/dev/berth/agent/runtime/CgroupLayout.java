package dev.berth.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the host's cgroup file system is laid out: one unified v2 hierarchy, or v1 with one hierarchy
 * per controller (possibly next to an empty v2 hierarchy, which we ignore).
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">cgroup v2</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html">cgroup v1</a>
 */
public sealed interface CgroupLayout {
  /** The controllers the runtime sets limits with. */
  List<String> MANAGED = List.of("memory", "cpu", "pids");

  /** A pure v2 host. */
  record V2(Path root, Set<String> controllers) implements CgroupLayout {
    public V2 {
      controllers = Set.copyOf(controllers);
    }
  }

  /** A v1 host: the mount point of each managed controller that is present. */
  record V1(Map<String, Path> controllers) implements CgroupLayout {
    public V1 {
      controllers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(controllers));
    }
  }

  /**
   * Inspects a cgroup file system root such as {@code /sys/fs/cgroup}: pure v2 when it holds {@code
   * cgroup.controllers}, otherwise v1 with a directory per controller (named after it, or after
   * several joined by commas, as {@code cpu,cpuacct}).
   */
  static CgroupLayout detect(Path root) {
    Path controllersFile = root.resolve("cgroup.controllers");
    try {
      if (Files.isRegularFile(controllersFile)) {
        String text;
        try (var in = Files.newInputStream(controllersFile)) {
          text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
        Set<String> controllers =
            text.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(text.split("\\s+")));
        return new V2(root, controllers);
      }
      Map<String, Path> found = new LinkedHashMap<>();
      List<Path> children;
      try (Stream<Path> list = Files.list(root)) {
        children = list.filter(Files::isDirectory).sorted().collect(Collectors.toList());
      }
      for (String controller : MANAGED) {
        for (Path child : children) {
          List<String> names = Arrays.asList(child.getFileName().toString().split(","));
          if (names.contains(controller)) {
            found.put(controller, child);
            break;
          }
        }
      }
      return new V1(found);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cgroup file system at " + root, e);
    }
  }
}
