package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code docker-compose.yml} is valid for docker-compose and runs the registry
 * against PostgreSQL. Only the file is checked: no container is started.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/compose/config/">docker compose
 *     config</a>
 */
class DockerComposeConfigIT {
  private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml");

  @Test
  void config_isValidAndNamesTheRegistryAndPostgres() {
    Path compose = ExternalCommand.requireProgram("docker-compose");
    assertThat(COMPOSE_FILE).isRegularFile();

    ExternalCommand.run(
            List.of(compose.toString(), "-f", COMPOSE_FILE.toString(), "config", "-q"),
            Map.of(),
            Duration.ofMinutes(1))
        .orFail();
    String services =
        ExternalCommand.run(
                List.of(compose.toString(), "-f", COMPOSE_FILE.toString(), "config", "--services"),
                Map.of(),
                Duration.ofMinutes(1))
            .orFail();
    String resolved =
        ExternalCommand.run(
                List.of(compose.toString(), "-f", COMPOSE_FILE.toString(), "config"),
                Map.of(),
                Duration.ofMinutes(1))
            .orFail();

    assertThat(services.lines().map(String::strip))
        .containsExactlyInAnyOrder("registry", "postgres");
    assertThat(resolved)
        .contains("SPRING_DATASOURCE_URL: jdbc:postgresql://postgres:5432/berth")
        .contains("BERTH_DATA_DIR: /var/lib/berth")
        .contains("image: postgres:15")
        .contains("healthcheck:");
  }
}
