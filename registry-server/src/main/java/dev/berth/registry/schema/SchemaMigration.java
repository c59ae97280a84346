package dev.berth.registry.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.stereotype.Component;

/**
 * Brings the metadata database's schema up to date at start-up, before JPA or anything else uses it
 * ({@link SchemaMigrationDetector} orders them). Migrations are the SQL scripts under {@code
 * db/migration/common} and {@code db/migration/<vendor>} ({@code h2} or {@code postgresql}).
 *
 * <p>Flyway runs in an {@link IsolatedClassLoader} that is dropped when it is done: Flyway and the
 * Jackson 2 it copies its configuration with are about 1,000 classes, 3 MiB of class metadata that
 * a long-running registry would otherwise keep for a job of one second.
 */
@Component
public class SchemaMigration implements InitializingBean {

  static final List<String> LOCATIONS =
      List.of("classpath:db/migration/common", "classpath:db/migration/{vendor}");

  private final DataSource dataSource;

  public SchemaMigration(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void afterPropertiesSet() {
    String[] locations =
        new PlatformPlaceholderDatabaseDriverResolver("{vendor}")
            .resolveAll(dataSource, LOCATIONS.toArray(String[]::new))
            .toArray(String[]::new);
    migrate(dataSource, locations);
  }

  /** Runs the migrations at the given (resolved) locations with a Flyway of its own. */
  static void migrate(DataSource dataSource, String... locations) {
    migrate(flywayLoader(), dataSource, locations);
  }

  /**
   * Runs the migrations with the Flyway of {@code flywayLoader}, then closes it. Flyway runs on a
   * thread of its own, so that no thread-local value of its classes (Jackson's buffer recyclers)
   * outlives the migration and keeps the loader reachable.
   */
  static void migrate(
      IsolatedClassLoader flywayLoader, DataSource dataSource, String... locations) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread migration =
        new Thread(
            () -> {
              try {
                Migrator migrator =
                    (Migrator)
                        flywayLoader
                            .loadClass(FlywayMigrator.class.getName())
                            .getConstructor()
                            .newInstance();
                migrator.migrate(dataSource, locations);
              } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                failure.set(e);
              }
            },
            "schema-migration");
    migration.setContextClassLoader(flywayLoader);
    try (flywayLoader) {
      migration.start();
      migration.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while migrating the database schema", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Throwable cause = failure.get();
    if (cause instanceof ReflectiveOperationException || cause instanceof LinkageError) {
      throw new IllegalStateException("Flyway could not be loaded: " + cause, cause);
    }
    if (cause != null) {
      throw new IllegalStateException(
          "Database schema migration failed: " + cause.getMessage(), cause);
    }
  }

  static IsolatedClassLoader flywayLoader() {
    return new IsolatedClassLoader(
        SchemaMigration.class.getClassLoader(),
        List.of("org.flywaydb.", "com.fasterxml.jackson.core.", "com.fasterxml.jackson.databind."),
        Set.of(FlywayMigrator.class.getName()),
        List.of(
            "org.flywaydb.core.Flyway",
            "org.flywaydb.database.postgresql.PostgreSQLDatabaseType",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.databind.ObjectMapper"));
  }
}
