package dev.berth.agent.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One mount to perform, as {@code mount(2)} takes it: planned by a pure snapshotter, carried out by
 * a separate step so the plan can be unit-tested and the mount tested for real.
 *
 * @param type filesystem type, such as {@code overlay}
 * @param source mount source, such as {@code overlay}
 * @param target where to mount
 * @param options comma-joined into the data argument; may name paths relative to {@code
 *     workingDirectory}
 * @param workingDirectory directory to resolve relative option paths against (keeps a long {@code
 *     lowerdir} under the one-page limit of mount data), or null when all paths are absolute
 */
public record MountPlan(
    String type, String source, Path target, List<String> options, Path workingDirectory) {
  public MountPlan {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    options = List.copyOf(options);
  }

  /** The {@code data} argument of mount(2). */
  public String data() {
    return String.join(",", options);
  }
}
