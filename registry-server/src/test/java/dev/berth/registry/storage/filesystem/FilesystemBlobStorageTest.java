package dev.berth.registry.storage.filesystem;

import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.storage.BlobStorageContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStorageTest extends BlobStorageContract {
  @TempDir Path root;

  @Override
  protected BlobStorage createStorage() throws IOException {
    return new FilesystemBlobStorage(root);
  }

  @Override
  protected long leftoverTemporaryObjects() throws IOException {
    try (Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
      return uploads.count();
    }
  }
}
