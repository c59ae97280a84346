package dev.berth.agent.unpack;

import dev.berth.agent.linux.ErrnoException;
import dev.berth.agent.linux.PosixFiles;
import dev.berth.agent.state.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies one uncompressed layer tar to an empty snapshot directory, converting whiteouts to the
 * overlayfs form: {@code .wh.NAME} becomes a 0/0 character device {@code NAME}, and {@code
 * .wh..wh..opq} becomes {@code trusted.overlay.opaque=y} on its directory.
 *
 * <p>Every entry is resolved inside the snapshot ({@link PathResolver}); hardlinks must point at an
 * entry of the same layer. Ownership, all permission bits, times and extended attributes (PAX
 * {@code SCHILY.xattr.*} and {@code LIBARCHIVE.xattr.*}, binary values byte for byte) are applied;
 * {@code trusted.overlay.*} xattrs from the archive are dropped so that a layer cannot forge
 * overlay metadata such as redirects.
 *
 * <p>Layers often hold tens of thousands of small files, so each entry costs as few system calls as
 * possible: files are created with their permissions (no chmod unless the umask or set-id bits
 * interfere), owned by us already when the entry says so (no chown), and an existing entry is
 * looked at only when creation says it exists.
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

  private static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";
  private static final int COPY_BUFFER = 128 * 1024;
  private static final int SPECIAL_BITS = 07000;
  private static final int EEXIST = 17;
  private static final int UMASK = ProcessUmask.read();
  private static final Set<OpenOption> CREATE_FILE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

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
   * @param root an existing directory, created by this process, that holds nothing but this layer
   * @return the entries applied and the parent directories created without an entry of their own
   * @throws InvalidLayerException when an entry is unsafe or a limit is exceeded; the caller must
   *     discard {@code root}
   */
  public Result apply(InputStream tar, Path root) throws IOException {
    return new Run(root).apply(new LimitedInputStream(tar, limits.maxBytes()));
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

  /** The state of one apply. */
  private final class Run {
    private final Path root;
    private final PathResolver resolver;
    private final int ownUid;
    private final int ownGid;
    private final List<DirectoryTimes> directoryTimes = new ArrayList<>();
    private final Set<Path> implicit = new LinkedHashSet<>();
    private final Set<Path> knownDirectories = new HashSet<>();
    private final Set<Path> setgidDirectories = new HashSet<>();
    private final byte[] buffer = new byte[COPY_BUFFER];

    Run(Path root) throws IOException {
      this.root = root;
      this.resolver = new PathResolver(root);
      // new files get our uid, and our gid unless their directory is set-group-ID
      this.ownUid = (Integer) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      this.ownGid = (Integer) Files.getAttribute(root, "unix:gid", LinkOption.NOFOLLOW_LINKS);
      knownDirectories.add(root);
    }

    Result apply(InputStream tar) throws IOException {
      long entries = 0;
      LayerTarInputStream archive = new LayerTarInputStream(tar);
      TarArchiveEntry entry;
      while ((entry = archive.getNextEntry()) != null) {
        if (++entries > limits.maxEntries()) {
          throw new InvalidLayerException(
              "layer has more than " + limits.maxEntries() + " entries (limit exceeded)");
        }
        applyEntry(archive, entry);
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

    private void applyEntry(LayerTarInputStream archive, TarArchiveEntry entry) throws IOException {
      String name = entry.getName();
      List<String> components = EntryName.components(name);
      if (components.isEmpty()) {
        return; // the layer root itself: the snapshot directory keeps its own metadata
      }
      String baseName = components.get(components.size() - 1);
      Path target = resolver.resolve(name, components);
      ensureParentDirectories(name, target);
      if (baseName.startsWith(WHITEOUT_PREFIX)) {
        applyWhiteout(name, target, baseName);
        return;
      }
      int permissions = entry.getMode() & 07777;
      if (entry.isDirectory()) {
        boolean created = createDirectory(target, permissions);
        knownDirectories.add(target);
        implicit.remove(target);
        applyMetadata(entry, archive.xattrs(), target, created);
        if ((permissions & 02000) != 0) {
          setgidDirectories.add(target);
        }
        directoryTimes.add(new DirectoryTimes(target, entry.getLastModifiedTime().toInstant()));
        return;
      }
      if (entry.isSymbolicLink()) {
        Path pointsTo = Path.of(entry.getLinkName());
        replacing(target, () -> Files.createSymbolicLink(target, pointsTo));
        resolver.invalidate();
        applyMetadata(entry, archive.xattrs(), target, true);
      } else if (entry.isLink()) {
        Path existing = hardLinkTarget(entry);
        replacing(target, () -> Files.createLink(target, existing));
        // shares the inode and so the metadata of its target
      } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
        int type =
            entry.isCharacterDevice()
                ? PosixFiles.S_IFCHR
                : entry.isBlockDevice() ? PosixFiles.S_IFBLK : PosixFiles.S_IFIFO;
        replacing(
            target,
            () ->
                posix.mknod(target, type | permissions, entry.getDevMajor(), entry.getDevMinor()));
        applyMetadata(entry, archive.xattrs(), target, true);
      } else if (entry.isFile()) {
        replacing(target, () -> writeFile(archive, target, permissions));
        applyMetadata(entry, archive.xattrs(), target, true);
      } else {
        throw InvalidLayerException.entry(
            name, "unsupported tar entry type '" + (char) entry.getLinkFlag() + "'");
      }
    }

    private void applyWhiteout(String name, Path marker, String baseName) throws IOException {
      Path directory = marker.getParent();
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
      replacing(whiteout, () -> posix.mknod(whiteout, PosixFiles.S_IFCHR, 0, 0));
    }

    /** Creates a directory, or keeps the one already there; true when it was created. */
    private boolean createDirectory(Path target, int permissions) throws IOException {
      try {
        Files.createDirectory(target, permissionsAttribute(permissions));
        return true;
      } catch (FileAlreadyExistsException e) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
        remove(target);
        Files.createDirectory(target, permissionsAttribute(permissions));
        return true;
      }
    }

    /**
     * Runs a creation; if something is in the way, removes it (tar semantics) and runs it again.
     */
    private void replacing(Path target, Creation creation) throws IOException {
      try {
        creation.run();
      } catch (FileAlreadyExistsException e) {
        remove(target);
        creation.run();
      } catch (ErrnoException e) {
        if (e.errno() != EEXIST) {
          throw e;
        }
        remove(target);
        creation.run();
      }
    }

    private Path hardLinkTarget(TarArchiveEntry entry) throws IOException {
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
      return existing;
    }

    private void writeFile(LayerTarInputStream archive, Path target, int permissions)
        throws IOException {
      try (OutputStream out =
          Channels.newOutputStream(
              Files.newByteChannel(target, CREATE_FILE, permissionsAttribute(permissions)))) {
        int n;
        while ((n = archive.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
        }
      }
    }

    /**
     * Owner, mode, xattrs and (except for directories, done last) times.
     *
     * @param created true when this call created the inode with the entry's permissions
     */
    private void applyMetadata(
        TarArchiveEntry entry, Map<String, byte[]> xattrs, Path target, boolean created) {
      int uid = (int) entry.getLongUserId();
      int gid = (int) entry.getLongGroupId();
      int permissions = entry.getMode() & 07777;
      boolean chowned = false;
      if (!created
          || uid != ownUid
          || gid != ownGid
          || setgidDirectories.contains(target.getParent())) {
        posix.lchown(target, uid, gid);
        chowned = true;
      }
      if (!entry.isSymbolicLink()
          && (!created || chowned || (permissions & (SPECIAL_BITS | UMASK)) != 0)) {
        // after chown, which clears the set-id bits; and where the umask took bits away
        posix.chmod(target, permissions);
      }
      // after chown and chmod, which clear security.capability
      for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
        if (!xattr.getKey().startsWith(OVERLAY_XATTR_PREFIX)) {
          posix.lsetxattr(target, xattr.getKey(), xattr.getValue());
        }
      }
      if (!entry.isDirectory()) {
        Instant mtime = entry.getLastModifiedTime().toInstant();
        posix.lutimes(target, mtime.getEpochSecond(), mtime.getNano());
      }
    }

    /**
     * Creates missing parents as root-owned 0755 directories, as tar does, and remembers them: in
     * the merged view the directory's metadata must still be that of the lower layers.
     */
    private void ensureParentDirectories(String name, Path target) throws IOException {
      Path parent = target.getParent();
      if (knownDirectories.contains(parent)) {
        return;
      }
      List<Path> missing = new ArrayList<>();
      for (Path p = parent; !knownDirectories.contains(p); p = p.getParent()) {
        BasicFileAttributes attributes = PathResolver.attributesOrNull(p);
        if (attributes == null) {
          missing.add(p);
        } else if (attributes.isDirectory()) {
          knownDirectories.add(p);
          break;
        } else {
          throw InvalidLayerException.entry(
              name, "parent '" + root.relativize(p) + "' is not a directory");
        }
      }
      for (int i = missing.size() - 1; i >= 0; i--) {
        Path directory = missing.get(i);
        Files.createDirectory(directory, permissionsAttribute(0755));
        if ((0755 & UMASK) != 0 || ownUid != 0 || ownGid != 0) {
          posix.lchown(directory, 0, 0);
          posix.chmod(directory, 0755);
        }
        knownDirectories.add(directory);
        implicit.add(directory);
      }
    }

    private void remove(Path path) throws IOException {
      if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(path);
        return;
      }
      resolver.invalidate();
      knownDirectories.clear();
      knownDirectories.add(root);
      FileTrees.delete(path);
    }
  }

  /** The permission bits as a creation attribute (the kernel applies the umask to them). */
  private static FileAttribute<Set<PosixFilePermission>> permissionsAttribute(int mode) {
    StringBuilder text = new StringBuilder(9);
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      text.append((mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
    }
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(text.toString()));
  }

  /** A creation that may find something in its way. */
  @FunctionalInterface
  private interface Creation {
    void run() throws IOException;
  }

  private record DirectoryTimes(Path path, Instant mtime) {}
}
