package dev.berth.agent.unpack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves entry names inside one layer root as the container will see them: symlinks met on the
 * way are followed with the root as {@code /} (an absolute target is relative to the root), and a
 * target that climbs above the root is refused. The final component is never followed, so an entry
 * replaces a symlink instead of writing through it.
 *
 * <p>Resolved parent directories are cached; the cache is dropped whenever the applier creates a
 * symlink or removes a directory, the only changes that can alter a resolution.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec
 *     layer</a>
 */
final class PathResolver {
  private static final int MAX_SYMLINK_HOPS = 40;

  private final Path root;
  private final Map<String, Path> parentCache = new HashMap<>();

  PathResolver(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** Forgets cached resolutions after a change that may invalidate them. */
  void invalidate() {
    parentCache.clear();
  }

  /**
   * The path of {@code components} inside the root, parents resolved, final component kept as is.
   *
   * @param entryName the raw entry name, for error messages
   */
  Path resolve(String entryName, List<String> components) throws IOException {
    if (components.isEmpty()) {
      return root;
    }
    String parentKey = String.join("/", components.subList(0, components.size() - 1));
    Path parent = parentCache.get(parentKey);
    if (parent == null) {
      parent = resolveFollowing(entryName, components.subList(0, components.size() - 1));
      parentCache.put(parentKey, parent);
    }
    return parent.resolve(components.get(components.size() - 1));
  }

  private Path resolveFollowing(String entryName, List<String> components) throws IOException {
    Deque<String> todo = new ArrayDeque<>(components);
    List<String> resolved = new ArrayList<>();
    int hops = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (resolved.isEmpty()) {
          throw InvalidLayerException.entry(
              entryName, "a symlink on its path points outside the layer root");
        }
        resolved.remove(resolved.size() - 1);
        continue;
      }
      Path candidate = join(resolved).resolve(part);
      BasicFileAttributes attributes = attributesOrNull(candidate);
      if (attributes != null && attributes.isSymbolicLink()) {
        if (++hops > MAX_SYMLINK_HOPS) {
          throw InvalidLayerException.entry(entryName, "too many levels of symbolic links");
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          resolved.clear();
        }
        String[] targetParts = target.split("/");
        for (int i = targetParts.length - 1; i >= 0; i--) {
          todo.addFirst(targetParts[i]);
        }
        continue;
      }
      resolved.add(part);
    }
    return join(resolved);
  }

  private Path join(List<String> components) {
    Path path = root;
    for (String component : components) {
      path = path.resolve(component);
    }
    return path;
  }

  static BasicFileAttributes attributesOrNull(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }
}
