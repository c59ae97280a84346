package dev.berth.agent.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies one uncompressed layer tar to an empty snapshot directory, converting whiteouts to the
 * overlayfs form: {@code .wh.NAME} becomes a 0/0 character device {@code NAME}, and {@code
 * .wh..wh..opq} becomes {@code trusted.overlay.opaque=y} on its directory.
 *
 * <p>Every entry is resolved inside the snapshot ({@link PathResolver}); hardlinks must point at an
 * entry of the same layer. Ownership, all permission bits, times and {@code SCHILY.xattr.*} PAX
 * records are applied; {@code trusted.overlay.*} xattrs from the archive are dropped so that a
 * layer cannot forge overlay metadata such as redirects.
 *
 * @see <a
 *     href="https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts">image-spec
 *     whiteouts</a>
 * @see <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>
 */
public final class LayerApplier {
  /** Prefix of a whiteout entry. */
  public static final String WHITEOUT_PREFIX = ".wh.";

  /** Name of the entry that makes its directory opaque. */
  public static final String OPAQUE_MARKER = ".wh..wh..opq";

  /** The overlayfs xattr that makes a directory hide the lower layers' content. */
  public static final String OPAQUE_XATTR = "trusted.overlay.opaque";

  private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";
  private static final int COPY_BUFFER = 128 * 1024;

  private final PosixFiles posix;
  private final UnpackLimits limits;

  public LayerApplier(PosixFiles posix, UnpackLimits limits) {
    this.posix = posix;
    this.limits = limits;
  }

  /**
   * Reads the tar stream to its end-of-archive marker and applies it below {@code root}.
   *
   * @param tar the uncompressed layer; the caller reads on to the stream's end for the diff ID
   * @param root an existing directory that holds nothing but this layer
   * @return the entries applied and the parent directories created without an entry of their own
   * @throws InvalidLayerException when an entry is unsafe or a limit is exceeded; the caller must
   *     discard {@code root}
   */
  public Result apply(InputStream tar, Path root) throws IOException {
    LimitedInputStream limited = new LimitedInputStream(tar, limits.maxBytes());
    PathResolver resolver = new PathResolver(root);
    List<DirectoryTimes> directoryTimes = new ArrayList<>();
    Set<Path> implicit = new LinkedHashSet<>();
    byte[] buffer = new byte[COPY_BUFFER];
    long entries = 0;
    TarArchiveInputStream archive =
        new TarArchiveInputStream(limited, StandardCharsets.UTF_8.name());
    TarArchiveEntry entry;
    while ((entry = archive.getNextEntry()) != null) {
      if (++entries > limits.maxEntries()) {
        throw new InvalidLayerException(
            "layer has more than " + limits.maxEntries() + " entries (limit exceeded)");
      }
      applyEntry(archive, entry, resolver, directoryTimes, implicit, buffer);
    }
    for (int i = directoryTimes.size() - 1; i >= 0; i--) {
      DirectoryTimes times = directoryTimes.get(i);
      if (Files.isDirectory(times.path(), LinkOption.NOFOLLOW_LINKS)) {
        posix.lutimes(times.path(), times.mtime().getEpochSecond(), times.mtime().getNano());
      }
    }
    List<String> implicitDirectories = new ArrayList<>();
    for (Path directory : implicit) {
      if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
        implicitDirectories.add(root.relativize(directory).toString());
      }
    }
    return new Result(entries, implicitDirectories);
  }

  /**
   * What {@link #apply} did.
   *
   * @param entries tar entries applied
   * @param implicitDirectories directories (relative, parents first) created only because an entry
   *     needed a parent; they should take their metadata from the layers below ({@link
   *     DirectoryInheritance})
   */
  public record Result(long entries, List<String> implicitDirectories) {}

  private void applyEntry(
      TarArchiveInputStream archive,
      TarArchiveEntry entry,
      PathResolver resolver,
      List<DirectoryTimes> directoryTimes,
      Set<Path> implicit,
      byte[] buffer)
      throws IOException {
    String name = entry.getName();
    List<String> components = EntryName.components(name);
    if (components.isEmpty()) {
      return; // the layer root itself: the snapshot directory keeps its own metadata
    }
    String baseName = components.get(components.size() - 1);
    if (baseName.startsWith(WHITEOUT_PREFIX)) {
      applyWhiteout(name, components, baseName, resolver, implicit);
      return;
    }
    Path target = resolver.resolve(name, components);
    ensureParentDirectories(name, target, resolver.root(), implicit);
    BasicFileAttributes existing = PathResolver.attributesOrNull(target);
    if (entry.isDirectory()) {
      if (existing != null && !existing.isDirectory()) {
        removeRecursively(target, resolver);
      }
      if (existing == null || !existing.isDirectory()) {
        Files.createDirectory(target);
      }
      implicit.remove(target);
      applyMetadata(entry, target, name);
      directoryTimes.add(new DirectoryTimes(target, entry.getLastModifiedTime().toInstant()));
      return;
    }
    if (existing != null) {
      removeRecursively(target, resolver);
    }
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
      resolver.invalidate();
    } else if (entry.isLink()) {
      createHardLink(entry, target, resolver);
      return; // shares the inode and so the metadata of its target
    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      int type =
          entry.isCharacterDevice()
              ? PosixFiles.S_IFCHR
              : entry.isBlockDevice() ? PosixFiles.S_IFBLK : PosixFiles.S_IFIFO;
      posix.mknod(target, type | 0600, entry.getDevMajor(), entry.getDevMinor());
    } else if (entry.isFile()) {
      writeFile(archive, target, buffer);
    } else {
      throw InvalidLayerException.entry(
          name, "unsupported tar entry type '" + (char) entry.getLinkFlag() + "'");
    }
    applyMetadata(entry, target, name);
  }

  private void applyWhiteout(
      String name,
      List<String> components,
      String baseName,
      PathResolver resolver,
      Set<Path> implicit)
      throws IOException {
    Path marker = resolver.resolve(name, components);
    Path directory = marker.getParent();
    ensureParentDirectories(name, marker, resolver.root(), implicit);
    if (baseName.equals(OPAQUE_MARKER)) {
      posix.lsetxattr(directory, OPAQUE_XATTR, new byte[] {'y'});
      return;
    }
    if (baseName.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
      return; // other AUFS metadata (.wh..wh.plnk and friends) has no meaning for overlayfs
    }
    String hidden = baseName.substring(WHITEOUT_PREFIX.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw InvalidLayerException.entry(name, "whiteout names no file");
    }
    Path whiteout = directory.resolve(hidden);
    if (PathResolver.attributesOrNull(whiteout) != null) {
      removeRecursively(whiteout, resolver);
    }
    posix.mknod(whiteout, PosixFiles.S_IFCHR, 0, 0);
  }

  private void createHardLink(TarArchiveEntry entry, Path target, PathResolver resolver)
      throws IOException {
    String name = entry.getName();
    List<String> linkComponents;
    try {
      linkComponents = EntryName.components(entry.getLinkName());
    } catch (InvalidLayerException e) {
      throw InvalidLayerException.entry(
          name, "hardlink target '" + entry.getLinkName() + "' is outside the layer");
    }
    if (linkComponents.isEmpty()) {
      throw InvalidLayerException.entry(name, "hardlink to the layer root");
    }
    Path existing = resolver.resolve(name, linkComponents);
    BasicFileAttributes attributes = PathResolver.attributesOrNull(existing);
    if (attributes == null) {
      throw InvalidLayerException.entry(
          name, "hardlink target '" + entry.getLinkName() + "' is not in this layer");
    }
    if (attributes.isDirectory()) {
      throw InvalidLayerException.entry(name, "hardlink to a directory");
    }
    Files.createLink(target, existing);
  }

  private static void writeFile(TarArchiveInputStream archive, Path target, byte[] buffer)
      throws IOException {
    try (OutputStream out =
        Files.newOutputStream(
            target,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = archive.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    }
  }

  private void applyMetadata(TarArchiveEntry entry, Path target, String name) {
    posix.lchown(target, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
    if (!entry.isSymbolicLink()) {
      // after chown, which clears the set-id bits
      posix.chmod(target, entry.getMode());
    }
    for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
      if (header.getKey().startsWith(XATTR_PAX_PREFIX)) {
        String xattr = header.getKey().substring(XATTR_PAX_PREFIX.length());
        if (!xattr.startsWith("trusted.overlay.")) {
          posix.lsetxattr(target, xattr, header.getValue().getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    if (!entry.isDirectory()) {
      FileTime mtime = entry.getLastModifiedTime();
      Instant instant = mtime.toInstant();
      posix.lutimes(target, instant.getEpochSecond(), instant.getNano());
    }
  }

  /**
   * Creates missing parents as root-owned 0755 directories, as tar does, and remembers them: in the
   * merged view the directory's metadata must still be that of the lower layers.
   */
  private static void ensureParentDirectories(
      String name, Path target, Path root, Set<Path> implicit) throws IOException {
    Path parent = target.getParent();
    if (parent.equals(root) || Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = parent; !p.equals(root); p = p.getParent()) {
      BasicFileAttributes attributes = PathResolver.attributesOrNull(p);
      if (attributes == null) {
        missing.add(p);
      } else if (attributes.isDirectory()) {
        break;
      } else {
        throw InvalidLayerException.entry(
            name, "parent '" + root.relativize(p) + "' is not a directory");
      }
    }
    for (int i = missing.size() - 1; i >= 0; i--) {
      Files.createDirectory(missing.get(i));
      implicit.add(missing.get(i));
    }
  }

  private static void removeRecursively(Path path, PathResolver resolver) throws IOException {
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
      return;
    }
    resolver.invalidate();
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            try {
              Files.delete(dir);
            } catch (DirectoryNotEmptyException race) {
              throw new IOException("could not empty " + dir, race);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private record DirectoryTimes(Path path, Instant mtime) {}
}
