package dev.berth.agent.unpack;

import dev.berth.agent.linux.PosixFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

/**
 * Gives directories that a layer created only as parents of its entries the metadata they have in
 * the layers below. Overlayfs shows a directory with the attributes of its uppermost copy, so a
 * default 0755 parent in layer N would otherwise change a 0700 directory of layer N-1 in the
 * container, which applying the layers onto one tree (umoci, docker) never does.
 *
 * <p>Lower layers are searched top first, honouring whiteouts and opaque directories: a path hidden
 * by an upper layer is not inherited from a deeper one.
 */
public final class DirectoryInheritance {
  private final PosixFiles posix;

  public DirectoryInheritance(PosixFiles posix) {
    this.posix = posix;
  }

  /**
   * @param snapshot the new layer's directory
   * @param implicitDirectories relative paths, parents first, from {@link LayerApplier.Result}
   * @param lowers the committed snapshots below, top first
   */
  public void apply(Path snapshot, List<String> implicitDirectories, List<Path> lowers)
      throws IOException {
    for (String relative : implicitDirectories) {
      Path directory = snapshot.resolve(relative);
      if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Path source = visibleLowerDirectory(relative, lowers);
      if (source == null) {
        continue;
      }
      Map<String, Object> attributes =
          Files.readAttributes(
              source, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
      posix.lchown(directory, (Integer) attributes.get("uid"), (Integer) attributes.get("gid"));
      posix.chmod(directory, (Integer) attributes.get("mode"));
      FileTime mtime = (FileTime) attributes.get("lastModifiedTime");
      posix.lutimes(directory, mtime.toInstant().getEpochSecond(), mtime.toInstant().getNano());
    }
  }

  /** The lower copy of a directory the merged view shows, or null. */
  private Path visibleLowerDirectory(String relative, List<Path> lowers) throws IOException {
    String[] components = relative.split("/");
    for (Path lower : lowers) {
      Path path = lower;
      boolean opaqueAbove = false;
      for (int i = 0; i < components.length; i++) {
        path = path.resolve(components[i]);
        Map<String, Object> attributes = attributesOrNull(path);
        if (attributes == null) {
          break; // not in this layer: look deeper, unless an opaque parent hides the rest
        }
        int type = (Integer) attributes.get("mode") & 0170000;
        if (type == PosixFiles.S_IFCHR && ((Long) attributes.get("rdev")) == 0L) {
          return null; // whited out
        }
        if (type != 0040000) {
          return null; // a file or link replaces the directory here
        }
        if (i == components.length - 1) {
          return path;
        }
        if (posix.lgetxattr(path, LayerApplier.OPAQUE_XATTR).isPresent()) {
          opaqueAbove = true;
        }
      }
      if (opaqueAbove) {
        return null;
      }
    }
    return null;
  }

  private static Map<String, Object> attributesOrNull(Path path) throws IOException {
    try {
      return Files.readAttributes(path, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      return null; // ENOTDIR and the like: not present in this layer
    }
  }
}
