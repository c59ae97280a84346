package dev.berth.agent.runtime;

import dev.berth.agent.state.FileTrees;
import dev.berth.agent.state.StateDirectory;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * Containers on disk, one directory each; a record is replaced by writing a temporary file and
 * renaming it over the old one, so a reader never sees half a record.
 *
 * <pre>
 * containers/ID/
 *   container.json   the {@link Container} record
 *   container.log    stdout and stderr, CRI log format ({@link ContainerLog})
 *   monitor.log      errors of the detached monitor, if any
 *   upper/ work/     the overlay's writable layer and work directory
 *   rootfs/          the mount point of the container's root (mounted only in its namespace)
 * </pre>
 */
public final class ContainerStore {
  private static final String RECORD = "container.json";

  /** Prefix of a removed container's directory while it waits in {@code tmp/} for deletion. */
  private static final String DELETED = "deleted-container-";

  /** Serialises name checks and creation within this process (a daemon serves many callers). */
  private static final Object CREATE_LOCK = new Object();

  private final Path root;
  private final Path tmp;

  public ContainerStore(StateDirectory state) {
    this.root = state.containers();
    this.tmp = state.tmp();
  }

  public Path directory(String id) {
    return root.resolve(id);
  }

  public Path log(String id) {
    return directory(id).resolve("container.log");
  }

  public Path upper(String id) {
    return directory(id).resolve("upper");
  }

  public Path work(String id) {
    return directory(id).resolve("work");
  }

  public Path rootfs(String id) {
    return directory(id).resolve("rootfs");
  }

  /**
   * Stores a new container and its directories.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public Container create(Container container) {
    return create(container, true);
  }

  /**
   * Stores a new container and its directories; {@code checkName} false skips reading every record
   * to compare names, for a name generated from the new container's random ID.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public Container create(Container container, boolean checkName) {
    synchronized (CREATE_LOCK) {
      if (checkName) {
        requireFreeName(container);
      }
      createDirectories(container);
      save(container);
    }
    return container;
  }

  private void requireFreeName(Container container) {
    for (Container existing : list()) {
      if (existing.name().equals(container.name())) {
        throw new IllegalArgumentException(
            "the container name \""
                + container.name()
                + "\" is already in use by "
                + existing.shortId());
      }
    }
  }

  private void createDirectories(Container container) {
    try {
      Files.createDirectories(root);
      Files.createDirectory(directory(container.id()));
      Files.createDirectory(upper(container.id()));
      Files.createDirectory(work(container.id()));
      Files.createDirectory(rootfs(container.id()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create container directory: " + e, e);
    }
  }

  /** Replaces the stored record atomically. */
  public void save(Container container) {
    Path directory = directory(container.id());
    // one temporary name per process and thread: a daemon's threads may save the same container
    Path temporary =
        directory.resolve(
            RECORD
                + ".tmp-"
                + ProcessHandle.current().pid()
                + "-"
                + Thread.currentThread().getId());
    try {
      Files.write(temporary, OciJson.mapper().writeValueAsBytes(container));
      try {
        Files.move(
            temporary,
            directory.resolve(RECORD),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, directory.resolve(RECORD), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save container " + container.id() + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // best effort: the rename normally consumed it
      }
    }
  }

  /** The record of a container, or empty when it is gone. */
  public Optional<Container> load(String id) {
    try {
      return Optional.of(
          OciJson.mapper()
              .readValue(Files.readAllBytes(directory(id).resolve(RECORD)), Container.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read container " + id + ": " + e, e);
    }
  }

  /** Every stored container, oldest first. */
  /** The image snapshot directories some container (running or not) is built on. */
  public Set<Path> layersInUse() {
    Set<Path> inUse = new HashSet<>();
    for (Container container : list()) {
      container.config().layers().forEach(layer -> inUse.add(Path.of(layer)));
    }
    return inUse;
  }

  /** Image ID ({@code sha256:…}) → the containers (running or not) created from it. */
  public Map<String, List<Container>> byImage() {
    Map<String, List<Container>> users = new HashMap<>();
    for (Container container : list()) {
      users.computeIfAbsent(container.imageId(), id -> new ArrayList<>()).add(container);
    }
    return users;
  }

  public List<Container> list() {
    List<Container> containers = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return containers;
    }
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        load(child.getFileName().toString()).ifPresent(containers::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    containers.sort(
        Comparator.comparing(Container::created, Comparator.nullsFirst(Comparator.naturalOrder())));
    return containers;
  }

  /**
   * Finds a container by full ID, name, or unique ID prefix.
   *
   * @throws IllegalArgumentException when a prefix matches several containers
   */
  public Optional<Container> find(String reference) {
    List<Container> all = list();
    for (Container container : all) {
      if (container.id().equals(reference) || container.name().equals(reference)) {
        return Optional.of(container);
      }
    }
    List<Container> matches = all.stream().filter(c -> c.id().startsWith(reference)).toList();
    if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "more than one container matches " + reference + "; give more of the ID");
    }
    return matches.stream().findFirst();
  }

  /**
   * Removes a container at once, with one rename of its directory out of the store into {@code
   * tmp/}, and leaves deleting its files to {@code later}: deleting an overlay's upper and work
   * directories costs a journaling file system milliseconds that nobody needs to wait for.
   */
  public void remove(String id, Executor later) {
    Path directory = directory(id);
    Path deleted = tmp.resolve(DELETED + id);
    try {
      Files.createDirectories(tmp);
      Files.move(directory, deleted, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException gone) {
      return;
    } catch (IOException e) {
      delete(id); // cannot move it aside: delete it in place, now
      return;
    }
    later.execute(
        () -> {
          try {
            deleteTree(deleted, id);
          } catch (RuntimeException e) {
            // left in tmp/ for the next daemon's sweep or image-prune, which empty it
          }
        });
  }

  /** Deletes what {@link #remove} left in {@code tmp/} when its process ended before deleting. */
  public void sweepRemoved() {
    if (!Files.isDirectory(tmp)) {
      return;
    }
    try (Stream<Path> children = Files.list(tmp)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        if (name.startsWith(DELETED)) {
          deleteTree(child, name.substring(DELETED.length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a container's directory and everything in it. */
  public void delete(String id) {
    deleteTree(directory(id), id);
  }

  private static void deleteTree(Path directory, String id) {
    try {
      FileTrees.delete(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete container " + id + ": " + e, e);
    }
  }
}
