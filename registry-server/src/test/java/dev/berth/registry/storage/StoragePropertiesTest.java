package dev.berth.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.support.ProcessEnvironment;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * The object-storage settings bind from environment variables as docker-compose.s3.yml sets them.
 */
class StoragePropertiesTest {
  @Test
  void environmentVariables_bindToTheS3Settings() {
    StandardEnvironment environment =
        ProcessEnvironment.of(
            Map.of(
                "BERTH_STORAGE_TYPE", "s3",
                "BERTH_STORAGE_S3_BUCKET", "berth",
                "BERTH_STORAGE_S3_ENDPOINT", "http://minio:9000",
                "BERTH_STORAGE_S3_PATHSTYLEACCESS", "true",
                "BERTH_STORAGE_S3_ACCESSKEY", "key",
                "BERTH_STORAGE_S3_SECRETKEY", "secret"));
    StorageProperties properties =
        new Binder(ConfigurationPropertySources.get(environment))
            .bind("berth.storage", StorageProperties.class)
            .get();

    assertThat(properties.type()).isEqualTo("s3");
    assertThat(properties.s3().bucket()).isEqualTo("berth");
    assertThat(properties.s3().endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(properties.s3().pathStyleAccess()).isTrue();
    assertThat(properties.s3().accessKey()).isEqualTo("key");
    assertThat(properties.s3().secretKey()).isEqualTo("secret");
    assertThat(properties.s3().region()).isEqualTo("us-east-1");
  }

  @Test
  void default_isTheFilesystem() {
    assertThat(new StorageProperties(null, null).type()).isEqualTo("filesystem");
  }
}
