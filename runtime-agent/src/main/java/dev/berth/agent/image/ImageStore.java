package dev.berth.agent.image;

import dev.berth.oci.Digest;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
 */
final class ImageStore {
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
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") && !name.startsWith(".")) {
          read(file).ifPresent(out::add);
        }
      }
    }
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
  }

  private Path file(Digest id) {
    return directory.resolve(id.hex() + ".json");
  }

  private static Optional<ImageRecord> read(Path file) throws IOException {
    try {
      return Optional.of(OciJson.mapper().readValue(Files.readAllBytes(file), ImageRecord.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (tools.jackson.core.JacksonException e) {
      throw new IOException("image record " + file + " is corrupt: " + e.getOriginalMessage(), e);
    }
  }
}
