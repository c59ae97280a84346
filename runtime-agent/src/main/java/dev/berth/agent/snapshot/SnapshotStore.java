package dev.berth.agent.snapshot;

import dev.berth.agent.state.FileTrees;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unpacked layers, one read-only directory per chain ID, each with a short alias so that an overlay
 * mount of many layers fits in one page of mount data.
 *
 * <pre>
 * snapshots/
 *   CHAINID-HEX/           the layer's files, whiteouts already in overlayfs form
 *   l/SHORT -> ../CHAINID-HEX   SHORT = first {@value #SHORT_LENGTH} hex characters
 * </pre>
 *
 * <p>A snapshot is built in a temporary directory on the same filesystem and becomes visible in one
 * rename, after every digest has been checked; a snapshot that already exists is kept.
 */
public final class SnapshotStore {
  /** Length of the alias names under {@code l/}. */
  public static final int SHORT_LENGTH = 12;

  /** Directory of the aliases, relative to the snapshots directory. */
  public static final String LINKS = "l";

  private final Path snapshots;
  private final Path tmp;

  public SnapshotStore(Path snapshots, Path tmp) {
    this.snapshots = snapshots;
    this.tmp = tmp;
    try {
      Files.createDirectories(snapshots.resolve(LINKS));
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create snapshot store in " + snapshots, e);
    }
  }

  public Path directory() {
    return snapshots;
  }

  /** The directory of a snapshot (it may not exist). */
  public Path path(Digest chainId) {
    return snapshots.resolve(chainId.hex());
  }

  public boolean exists(Digest chainId) {
    return Files.isDirectory(path(chainId), LinkOption.NOFOLLOW_LINKS);
  }

  /** A fresh, empty directory to unpack into; {@link #commit} it or {@link FileTrees#delete} it. */
  public Path newTemporary() throws IOException {
    Path directory = Files.createTempDirectory(tmp, "snapshot-");
    // the root of a read-only overlay shows the top snapshot's own mode
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    return directory;
  }

  /**
   * Makes an unpacked layer visible as the snapshot of {@code chainId}.
   *
   * @return the snapshot directory; the existing one if another pull committed it first
   */
  public Path commit(Path temporary, Digest chainId) throws IOException {
    Path target = path(chainId);
    ensureAlias(chainId);
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      FileTrees.delete(temporary);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("snapshots and tmp must be on one filesystem: " + target, e);
    }
    return target;
  }

  private void ensureAlias(Digest chainId) throws IOException {
    Path alias = snapshots.resolve(LINKS).resolve(shortName(chainId.hex()));
    Path target = Path.of("..", chainId.hex());
    try {
      Files.createSymbolicLink(alias, target);
    } catch (FileAlreadyExistsException e) {
      if (!Files.readSymbolicLink(alias).equals(target)) {
        throw new IOException(
            "snapshot alias " + alias + " already names another snapshot (prefix collision)", e);
      }
    }
  }

  /** The alias of a snapshot directory name. */
  public static String shortName(String chainIdHex) {
    return chainIdHex.substring(0, SHORT_LENGTH);
  }

  /** Chain IDs of every committed snapshot. */
  public List<Digest> list() throws IOException {
    List<Digest> out = new ArrayList<>();
    try (Stream<Path> entries = Files.list(snapshots)) {
      entries.forEach(
          p -> {
            String name = p.getFileName().toString();
            if (Digest.isValid("sha256:" + name)) {
              out.add(Digest.parse("sha256:" + name));
            }
          });
    }
    return out;
  }

  /** Removes a snapshot and its alias. */
  public void delete(Digest chainId) throws IOException {
    Path target = path(chainId);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // rename first so that a half-deleted snapshot is never visible under its name
    Path doomed = Files.createTempDirectory(tmp, "deleting-");
    Files.move(target, doomed.resolve("s"), StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(snapshots.resolve(LINKS).resolve(shortName(chainId.hex())));
    FileTrees.delete(doomed);
  }
}
