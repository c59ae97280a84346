package dev.berth.registry.files;

import dev.berth.registry.files.LayerEntry.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The filesystem a container would see: the layers applied bottom to top, as overlayfs does.
 *
 * <p>Per layer, its whiteouts and opaque markers first remove from the layers below (never from
 * their own layer), then its entries are added: a directory over a directory merges, anything else
 * replaces what was there, subtree included. Directories that only appear as parents of entries are
 * filled in as implied directories.
 *
 * @see <a
 *     href="https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts">image-spec
 *     whiteouts</a>
 */
public final class MergedTree {
  private static final Comparator<Node> LISTING_ORDER =
      Comparator.comparing((Node node) -> node.entry().type() != Type.DIRECTORY)
          .thenComparing(node -> node.entry().name());

  private final NavigableMap<String, Node> nodes;
  private final Map<String, List<Node>> children;
  private final long totalSize;

  private MergedTree(NavigableMap<String, Node> nodes) {
    this.nodes = nodes;
    this.children = new HashMap<>();
    long size = 0;
    for (Node node : nodes.values()) {
      if (!node.entry().path().isEmpty()) {
        children.computeIfAbsent(node.entry().parent(), key -> new ArrayList<>()).add(node);
      }
      size += node.entry().size();
    }
    children.values().forEach(list -> list.sort(LISTING_ORDER));
    this.totalSize = size;
  }

  /**
   * A path that some layer wrote and that is visible in the merged filesystem.
   *
   * @param entry the entry of the topmost layer that wrote the path
   * @param layer that layer's position, 0 for the bottom layer
   * @param implied true for a directory no layer lists but that parents other entries
   */
  public record Node(LayerEntry entry, int layer, boolean implied) {}

  /** Merges {@code layers}, bottom layer first. */
  public static MergedTree of(List<LayerIndex> layers) {
    TreeMap<String, Node> nodes = new TreeMap<>();
    for (int position = 0; position < layers.size(); position++) {
      LayerIndex layer = layers.get(position);
      for (LayerEntry removal : layer.removals()) {
        if (removal.type() == Type.WHITEOUT) {
          nodes.remove(removal.path());
        }
        removeDescendants(nodes, removal.path());
      }
      for (LayerEntry entry : layer.additions()) {
        Node below = nodes.get(entry.path());
        boolean merges =
            entry.type() == Type.DIRECTORY
                && below != null
                && below.entry().type() == Type.DIRECTORY;
        if (!merges) {
          removeDescendants(nodes, entry.path());
        }
        nodes.put(entry.path(), new Node(entry, position, false));
      }
    }
    for (Node node : List.copyOf(nodes.values())) {
      addImpliedParents(nodes, node);
    }
    nodes.putIfAbsent("", new Node(impliedDirectory(""), 0, true));
    return new MergedTree(nodes);
  }

  /** The node at a normalised path, if visible. */
  public Optional<Node> get(String path) {
    return Optional.ofNullable(nodes.get(path));
  }

  /** The visible entries directly inside directory {@code path}, directories first, by name. */
  public List<Node> children(String path) {
    return children.getOrDefault(path, List.of());
  }

  /** How many paths are visible, the root included. */
  public int size() {
    return nodes.size();
  }

  /** The sum of the sizes of all visible regular files. */
  public long totalSize() {
    return totalSize;
  }

  /** Visible paths strictly inside {@code directory}. */
  public int countDescendants(String directory) {
    return descendants(nodes, directory).size();
  }

  /**
   * Follows a hardlink to the entry it names, as tar records it (the target must be visible in the
   * tree); any other entry resolves to itself.
   */
  public Optional<Node> resolveHardlink(Node node) {
    if (node.entry().type() != Type.HARDLINK) {
      return Optional.of(node);
    }
    Node target = nodes.get(node.entry().linkTarget());
    return target == null || target.entry().type() == Type.HARDLINK
        ? Optional.empty()
        : Optional.of(target);
  }

  private static void removeDescendants(TreeMap<String, Node> nodes, String directory) {
    descendants(nodes, directory).clear();
  }

  private static NavigableMap<String, Node> descendants(
      NavigableMap<String, Node> nodes, String directory) {
    if (directory.isEmpty()) {
      return nodes.tailMap("", false);
    }
    // Every descendant starts with "directory/"; in string order they sit between that prefix and
    // the same prefix with '/' bumped to '0', the next character.
    return nodes.subMap(directory + "/", true, directory + "0", false);
  }

  private static void addImpliedParents(TreeMap<String, Node> nodes, Node node) {
    String parent = node.entry().parent();
    while (!parent.isEmpty() && !nodes.containsKey(parent)) {
      nodes.put(parent, new Node(impliedDirectory(parent), node.layer(), true));
      int slash = parent.lastIndexOf('/');
      parent = slash < 0 ? "" : parent.substring(0, slash);
    }
  }

  private static LayerEntry impliedDirectory(String path) {
    return new LayerEntry(path, Type.DIRECTORY, 0755, 0, 0, "", "", 0, 0, null);
  }
}
