package dev.berth.registry.api;

import dev.berth.registry.support.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link UntaggedManifestsIT} on PostgreSQL: its conditional deletes of manifests that refer to one
 * another.
 */
class UntaggedManifestsPostgresIT extends UntaggedManifestsIT {
  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    EmbeddedPostgres.useNewDatabase(registry, "untagged");
  }
}
