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

  @Test
  void objectStorageOverride_isValidAndPointsTheRegistryAtTheBucket() {
    Path compose = ExternalCommand.requireProgram("docker-compose");
    List<String> files =
        List.of(
            compose.toString(),
            "-f",
            COMPOSE_FILE.toString(),
            "-f",
            COMPOSE_FILE.resolveSibling("docker-compose.s3.yml").toString());
    List<String> config = new java.util.ArrayList<>(files);
    config.add("config");
    String resolved = ExternalCommand.run(config, Map.of(), Duration.ofMinutes(1)).orFail();
    List<String> servicesCommand = new java.util.ArrayList<>(config);
    servicesCommand.add("--services");
    String services =
        ExternalCommand.run(servicesCommand, Map.of(), Duration.ofMinutes(1)).orFail();

    assertThat(services.lines().map(String::strip))
        .containsExactlyInAnyOrder("registry", "postgres", "minio", "minio-bucket");
    assertThat(resolved)
        .contains("BERTH_STORAGE_TYPE: s3")
        .contains("BERTH_STORAGE_S3_ENDPOINT: http://minio:9000")
        .contains("BERTH_STORAGE_S3_PATHSTYLEACCESS: \"true\"")
        .contains("service_completed_successfully");
  }
}
