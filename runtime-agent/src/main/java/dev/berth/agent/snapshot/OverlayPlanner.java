package dev.berth.agent.snapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the mount of a container root from image snapshots: an overlay whose {@code lowerdir} lists
 * the layers top first by their short aliases relative to the snapshots directory. Mount data is
 * limited to one page (4096 bytes including the NUL), which 64-character names would exceed at
 * about 60 layers; aliases fit well over 200. The performer must resolve the relative names against
 * {@link MountPlan#workingDirectory()} (for example by running {@code mount} there).
 *
 * <p>Pure: touches no files.
 *
 * @see <a href="https://docs.kernel.org/filesystems/overlayfs.html#multiple-lower-layers">overlayfs
 *     multiple lower layers</a>
 */
public final class OverlayPlanner {
  /** Bytes available for mount data: one page less the terminating NUL. */
  public static final int MAX_DATA = 4095;

  /** The kernel's limit on stacked lower layers (OVL_MAX_STACK). */
  public static final int MAX_LAYERS = 500;

  private OverlayPlanner() {}

  /**
   * A writable container root.
   *
   * @param layers snapshot directories, lowest layer first, all in one snapshots directory
   * @param upper the container's upper directory (absolute)
   * @param work the overlay work directory, on the same filesystem as {@code upper}
   * @param target where to mount
   */
  public static MountPlan writable(List<Path> layers, Path upper, Path work, Path target) {
    Path snapshots = commonParent(layers);
    List<String> options = new ArrayList<>();
    options.add("lowerdir=" + lowerdirs(layers));
    options.add("upperdir=" + checked(upper));
    options.add("workdir=" + checked(work));
    return checkedSize(new MountPlan("overlay", "overlay", target, options, snapshots));
  }

  /**
   * A read-only root: an overlay of the layers without upper, or, for a single layer (overlayfs
   * needs two lower layers when it has no upper), a read-only bind mount whose options are the
   * mount flags {@code bind} and {@code ro} and whose source is the snapshot.
   */
  public static MountPlan readOnly(List<Path> layers, Path target) {
    Path snapshots = commonParent(layers);
    if (layers.size() == 1) {
      return new MountPlan("bind", layers.get(0).toString(), target, List.of("bind", "ro"), null);
    }
    return checkedSize(
        new MountPlan(
            "overlay", "overlay", target, List.of("lowerdir=" + lowerdirs(layers)), snapshots));
  }

  private static String lowerdirs(List<Path> layers) {
    if (layers.size() > MAX_LAYERS) {
      throw new IllegalArgumentException(
          "image has " + layers.size() + " layers; overlayfs stacks at most " + MAX_LAYERS);
    }
    StringBuilder out = new StringBuilder();
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (out.length() > 0) {
        out.append(':');
      }
      out.append(SnapshotStore.LINKS)
          .append('/')
          .append(SnapshotStore.shortName(layers.get(i).getFileName().toString()));
    }
    return out.toString();
  }

  private static Path commonParent(List<Path> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("an image root needs at least one layer");
    }
    Path parent = layers.get(0).toAbsolutePath().getParent();
    for (Path layer : layers) {
      String name = layer.getFileName().toString();
      if (!name.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("not a snapshot directory: " + layer);
      }
      if (!layer.toAbsolutePath().getParent().equals(parent)) {
        throw new IllegalArgumentException("snapshots are not in one directory: " + layer);
      }
    }
    return parent;
  }

  /** Overlay option values cannot contain the separators of the data string. */
  private static String checked(Path path) {
    String value = path.toAbsolutePath().toString();
    if (value.indexOf(',') >= 0 || value.indexOf(':') >= 0) {
      throw new IllegalArgumentException("overlay path must not contain ',' or ':': " + value);
    }
    return value;
  }

  private static MountPlan checkedSize(MountPlan plan) {
    int size = plan.data().getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_DATA) {
      throw new IllegalArgumentException(
          "overlay mount data is " + size + " bytes; the kernel accepts " + MAX_DATA);
    }
    return plan;
  }
}
