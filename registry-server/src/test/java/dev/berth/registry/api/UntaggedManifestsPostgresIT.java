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
    EmbeddedPostgres postgres = EmbeddedPostgres.shared();
    String url = postgres.createDatabase("untagged_" + System.nanoTime());
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", postgres::username);
    registry.add("spring.datasource.password", () -> "");
  }
}
