package dev.berth.registry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class SchemaMigrationTest {

  private static final String[] H2_LOCATIONS = {
    "classpath:db/migration/common", "classpath:db/migration/h2"
  };

  private final JdbcDataSource dataSource = new JdbcDataSource();
  private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);

  SchemaMigrationTest() {
    dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Test
  void migrate_createsTheSchema_andASecondRunChangesNothing() {
    SchemaMigration.migrate(dataSource, H2_LOCATIONS);

    assertThat(tables())
        .contains("REPOSITORY", "BLOB", "BLOB_LINK", "MANIFEST", "TAG", "UPLOAD_SESSION")
        .contains("ACCOUNT", "PROJECT", "AUDIT_EVENT", "flyway_schema_history");
    List<String> applied = appliedVersions();
    assertThat(applied).containsExactly("1", "1.1", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3");

    SchemaMigration.migrate(dataSource, H2_LOCATIONS);

    assertThat(appliedVersions()).isEqualTo(applied);
  }

  @Test
  void manifestBytesMigration_givesEveryStoredManifestOneBlobRow(@TempDir Path before)
      throws Exception {
    for (String location : List.of("/db/migration/common", "/db/migration/h2")) {
      try (Stream<Path> scripts = Files.list(Path.of(getClass().getResource(location).toURI()))) {
        for (Path script : scripts.toList()) {
          if (!script.getFileName().toString().startsWith("V3_3__")) {
            Files.copy(script, before.resolve(script.getFileName()));
          }
        }
      }
    }
    SchemaMigration.migrate(dataSource, "filesystem:" + before);
    jdbc.update(
        "INSERT INTO repository (id, name, created_at, updated_at)"
            + " VALUES (1, 'a', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),"
            + " (2, 'b', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    jdbc.update(
        "INSERT INTO blob (digest, size, created_at) VALUES ('sha256:aa', 7, CURRENT_TIMESTAMP)");
    jdbc.update(
        "INSERT INTO manifest (repository_id, digest, media_type, size, pushed_at) VALUES"
            + " (1, 'sha256:m1', 'x', 100, CURRENT_TIMESTAMP),"
            + " (2, 'sha256:m1', 'x', 100, CURRENT_TIMESTAMP),"
            + " (2, 'sha256:aa', 'x', 7, CURRENT_TIMESTAMP)");

    SchemaMigration.migrate(dataSource, H2_LOCATIONS);

    assertThat(jdbc.queryForList("SELECT digest || '=' || size FROM blob ORDER BY 1", String.class))
        .containsExactly("sha256:aa=7", "sha256:m1=100");
  }

  @Test
  void migrate_aBrokenScript_failsWithFlywaysReason_andLeavesEarlierMigrationsApplied(
      @TempDir Path scripts) throws Exception {
    Files.writeString(scripts.resolve("V1__good.sql"), "CREATE TABLE kept (id INT);");
    Files.writeString(scripts.resolve("V2__broken.sql"), "CREATE TABLE broken (;");

    assertThatThrownBy(() -> SchemaMigration.migrate(dataSource, "filesystem:" + scripts))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Database schema migration failed: ")
        .hasMessageContaining("V2__broken.sql");

    assertThat(tables()).contains("KEPT").doesNotContain("BROKEN");
  }

  @Test
  void flywayLoader_loadsFlywayAndJackson2Itself_andTheRestFromTheApplication() throws Exception {
    try (IsolatedClassLoader loader = SchemaMigration.flywayLoader()) {
      ClassLoader application = SchemaMigration.class.getClassLoader();

      assertThat(loader.loadClass("org.flywaydb.core.Flyway").getClassLoader()).isSameAs(loader);
      assertThat(
              loader
                  .loadClass("org.flywaydb.database.postgresql.PostgreSQLDatabaseType")
                  .getClassLoader())
          .isSameAs(loader);
      assertThat(loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper").getClassLoader())
          .isSameAs(loader);
      Class<?> migrator = loader.loadClass(FlywayMigrator.class.getName());
      assertThat(migrator.getClassLoader()).isSameAs(loader);
      assertThat(migrator).isNotSameAs(FlywayMigrator.class);
      assertThat(Migrator.class).isAssignableFrom(migrator);

      assertThat(loader.loadClass(Migrator.class.getName())).isSameAs(Migrator.class);
      assertThat(loader.loadClass("com.fasterxml.jackson.annotation.JsonProperty").getClassLoader())
          .isSameAs(application);
      assertThat(loader.loadClass("org.h2.Driver").getClassLoader()).isSameAs(application);
    }
  }

  @Test
  void flywayLoader_isCollectedAfterAMigration_soItsClassesCanBeUnloaded()
      throws InterruptedException {
    WeakReference<ClassLoader> loader = migrateAndForget();

    for (int attempt = 0; attempt < 50 && loader.get() != null; attempt++) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(loader.get()).as("Flyway's class loader after a migration").isNull();
    assertThat(appliedVersions()).hasSize(8);
  }

  private WeakReference<ClassLoader> migrateAndForget() {
    IsolatedClassLoader loader = SchemaMigration.flywayLoader();
    WeakReference<ClassLoader> reference = new WeakReference<>(loader);
    SchemaMigration.migrate(loader, dataSource, H2_LOCATIONS);
    return reference;
  }

  private List<String> tables() {
    return jdbc.queryForList(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'",
        String.class);
  }

  private List<String> appliedVersions() {
    return jdbc.queryForList(
        "SELECT \"version\" FROM \"flyway_schema_history\""
            + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"",
        String.class);
  }
}
