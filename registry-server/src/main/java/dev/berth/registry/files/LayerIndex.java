package dev.berth.registry.files;

import java.util.List;

/**
 * Everything one layer tarball contains, in archive order, without the file contents: what the file
 * browser needs to show a layer or merge it with others.
 *
 * @param entries the layer's entries; a path appears at most once per kind (the last tar entry for
 *     a path wins, as when extracting); whiteouts and opaque markers are entries of their own kind
 * @param skipped tar entries left out because their path escapes the root ({@code ../})
 */
public record LayerIndex(List<LayerEntry> entries, int skipped) {
  public LayerIndex {
    entries = List.copyOf(entries);
  }

  /** The whiteouts and opaque markers, which apply to the layers below this one. */
  public List<LayerEntry> removals() {
    return entries.stream().filter(LayerEntry::isRemoval).toList();
  }

  /** What the layer adds or replaces. */
  public List<LayerEntry> additions() {
    return entries.stream().filter(entry -> !entry.isRemoval()).toList();
  }
}
