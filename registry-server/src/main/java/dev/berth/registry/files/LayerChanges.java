package dev.berth.registry.files;

import dev.berth.registry.files.LayerEntry.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one layer did to the filesystem below it: paths it added, paths it changed, paths its
 * whiteouts deleted and directories its opaque markers emptied. A directory a layer merely lists
 * again (as tars list every parent) with the same mode and owner is not a change.
 *
 * @param changes the changes, by path
 * @param added how many paths the layer added
 * @param changed how many existing paths it replaced or modified
 * @param deleted how many whiteouts and opaque markers it has
 * @param addedBytes the size of the regular files it added or replaced
 */
public record LayerChanges(
    List<Change> changes, int added, int changed, int deleted, long addedBytes) {

  /** How a path changed. */
  public enum Kind {
    ADDED,
    CHANGED,
    DELETED,
    OPAQUE
  }

  /**
   * One changed path.
   *
   * @param kind what happened to it
   * @param entry the layer's entry (for a deletion, the whiteout)
   * @param hidden for a deletion or opaque marker, how many visible paths below it removed
   */
  public record Change(Kind kind, LayerEntry entry, int hidden) {}

  /** The changes {@code layer} makes on top of {@code below} (the merge of the layers under it). */
  public static LayerChanges of(MergedTree below, LayerIndex layer) {
    List<Change> changes = new ArrayList<>();
    int added = 0;
    int changed = 0;
    int deleted = 0;
    long bytes = 0;
    for (LayerEntry entry : layer.entries()) {
      switch (entry.type()) {
        case WHITEOUT -> {
          int hidden =
              below.get(entry.path()).isPresent() ? 1 + below.countDescendants(entry.path()) : 0;
          changes.add(new Change(Kind.DELETED, entry, hidden));
          deleted++;
        }
        case OPAQUE -> {
          changes.add(new Change(Kind.OPAQUE, entry, below.countDescendants(entry.path())));
          deleted++;
        }
        default -> {
          var existing = below.get(entry.path());
          if (existing.isEmpty() || existing.get().implied()) {
            changes.add(new Change(Kind.ADDED, entry, 0));
            added++;
            bytes += entry.size();
          } else if (!sameDirectory(existing.get().entry(), entry)) {
            changes.add(new Change(Kind.CHANGED, entry, 0));
            changed++;
            bytes += entry.size();
          }
        }
      }
    }
    changes.sort(Comparator.comparing((Change change) -> change.entry().path()));
    return new LayerChanges(changes, added, changed, deleted, bytes);
  }

  private static boolean sameDirectory(LayerEntry below, LayerEntry entry) {
    return below.type() == Type.DIRECTORY
        && entry.type() == Type.DIRECTORY
        && below.mode() == entry.mode()
        && below.uid() == entry.uid()
        && below.gid() == entry.gid();
  }
}
