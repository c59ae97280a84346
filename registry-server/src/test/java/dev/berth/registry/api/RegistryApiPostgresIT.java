package dev.berth.registry.api;

import dev.berth.registry.support.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API suite on PostgreSQL, as in production. */
class RegistryApiPostgresIT extends AbstractRegistryApiIT {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    EmbeddedPostgres postgres = EmbeddedPostgres.shared();
    String url = postgres.createDatabase("api_" + System.nanoTime());
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", postgres::username);
    registry.add("spring.datasource.password", () -> "");
  }
}
