package dev.berth.registry.storage;

import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.storage.filesystem.FilesystemBlobStorage;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the blob storage: the filesystem under the data directory unless another is given. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {
  @Bean
  @ConditionalOnMissingBean
  BlobStorage filesystemBlobStorage(RegistryProperties properties) throws IOException {
    return new FilesystemBlobStorage(properties.dataDir().resolve("storage"));
  }
}
