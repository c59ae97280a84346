package dev.berth.agent.image;

import dev.berth.oci.Digest;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Image records as one JSON file per image ID, written by temp file and atomic rename so that a
 * reader never sees half a record.
 *
 * <pre>
 * images/
 *   ID-HEX.json     an {@link ImageRecord}
 *   .lock           serialises read-modify-write of records across processes
 * </pre>
 *
 * <p>Parsed records are kept in memory for as long as their file stays the same (inode, size and
 * modification time; a rewrite is a rename, so a new inode): a resident daemon looks up an image
 * for every {@code run}, and parsing every record each time grew with the number of images.
 */
final class ImageStore {
  /** Records parsed so far, by file, shared by every store of the process. */
  private static final Map<Path, Parsed> PARSED = new ConcurrentHashMap<>();

  private record Parsed(Object fileKey, long size, FileTime modified, ImageRecord record) {
    boolean describes(BasicFileAttributes file) {
      return size == file.size()
          && modified.equals(file.lastModifiedTime())
          && fileKey != null
          && fileKey.equals(file.fileKey());
    }
  }

  private final Path directory;
  private final StateLock writers;

  ImageStore(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
    this.writers = StateLock.of(directory.resolve(".lock"));
  }

  /** Holds the records lock for a read-modify-write. */
  StateLock.Held lockForUpdate() throws IOException {
    return writers.exclusive();
  }

  List<ImageRecord> list() throws IOException {
    List<ImageRecord> out = new ArrayList<>();
    Set<Path> present = new HashSet<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") && !name.startsWith(".")) {
          present.add(file);
          read(file).ifPresent(out::add);
        }
      }
    }
    // forget records deleted since, by this process or another
    PARSED.keySet().removeIf(file -> file.startsWith(directory) && !present.contains(file));
    out.sort(Comparator.comparing(ImageRecord::pulled).reversed());
    return out;
  }

  Optional<ImageRecord> get(Digest id) throws IOException {
    return read(file(id));
  }

  void put(ImageRecord record) throws IOException {
    Path temp = Files.createTempFile(directory, ".record-", ".tmp");
    try {
      Files.write(
          temp, OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
      Files.move(
          temp,
          file(record.id()),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  void delete(Digest id) throws IOException {
    Files.deleteIfExists(file(id));
    PARSED.remove(file(id));
  }

  private Path file(Digest id) {
    return directory.resolve(id.hex() + ".json");
  }

  private static Optional<ImageRecord> read(Path file) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      Parsed known = PARSED.get(file);
      if (known != null && known.describes(attributes)) {
        return Optional.of(known.record());
      }
      ImageRecord record = OciJson.mapper().readValue(Files.readAllBytes(file), ImageRecord.class);
      PARSED.put(
          file,
          new Parsed(
              attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), record));
      return Optional.of(record);
    } catch (NoSuchFileException e) {
      PARSED.remove(file);
      return Optional.empty();
    } catch (tools.jackson.core.JacksonException e) {
      throw new IOException("image record " + file + " is corrupt: " + e.getOriginalMessage(), e);
    }
  }
}
