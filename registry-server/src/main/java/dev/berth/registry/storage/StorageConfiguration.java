package dev.berth.registry.storage;

import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.storage.filesystem.FilesystemBlobStorage;
import dev.berth.registry.storage.s3.S3BlobStorage;
import dev.berth.registry.storage.s3.S3Clients;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the blob storage from {@code berth.storage.type}: the filesystem under the data directory
 * unless {@code s3} is asked for.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {
  @Bean
  @ConditionalOnMissingBean
  BlobStorage blobStorage(RegistryProperties registry, StorageProperties storage)
      throws IOException {
    return switch (storage.type()) {
      case "filesystem" -> new FilesystemBlobStorage(registry.dataDir().resolve("storage"));
      case "s3" ->
          new S3BlobStorage(
              S3Clients.create(storage.s3()),
              S3Clients.presigner(storage.s3()),
              storage.s3().bucket(),
              storage.s3().prefix(),
              registry.dataDir().resolve("s3-spool"));
      default ->
          throw new IllegalStateException(
              "berth.storage.type must be filesystem or s3, not '" + storage.type() + "'");
    };
  }
}
