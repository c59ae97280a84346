package dev.berth.registry.auth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.project.RepositoryAction;
import dev.berth.registry.auth.project.RobotService;
import dev.berth.registry.auth.project.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance flows with real clients: skopeo and podman against the token protocol. */
class RegistryClientsIT extends TokenModeIT {
  @TempDir Path work;
  Clients clients;

  @BeforeAll
  static void clientsInstalled() {
    Clients.requireInstalled("skopeo");
  }

  @BeforeEach
  void setUp() {
    clients = new Clients(work, port);
  }

  @Test
  void login_skopeoAndPodmanAcceptTheRightPasswordOnly() throws IOException {
    String alice = user("alice");
    clients.skopeoLogin(alice, password(alice)).succeeded();
    assertThat(clients.skopeoLogin(alice, "wrong-password").failed().stderr())
        .containsIgnoringCase("invalid username/password");
    Clients.requireInstalled("podman");
    clients.podmanLogin(alice, password(alice)).succeeded();
    assertThat(clients.podmanLogin(alice, "wrong-password").failed().stderr())
        .containsIgnoringCase("invalid username/password");
  }

  @Test
  void developerPushes_guestPulls_guestCannotPush() throws IOException {
    String owner = user("owner");
    String dev = user("dev");
    String guest = user("guest");
    String project = project(owner, false);
    member(project, owner, dev, Role.DEVELOPER);
    member(project, owner, guest, Role.GUEST);

    clients.push(project + "/app", "1", dev, password(dev)).succeeded();
    assertThat(clients.pull(project + "/app", "1", guest, password(guest)).succeeded().stdout())
        .contains("\"schemaVersion\":2");
    assertThat(clients.push(project + "/app", "2", guest, password(guest)).failed().stderr())
        .containsAnyOf("denied", "unauthorized");
    clients.pull(project + "/app", "2", dev, password(dev)).failed();
  }

  @Test
  void anonymousPull_publicProjectAllowed_privateRefused() throws IOException {
    String owner = user("owner");
    String open = project(owner, true);
    String closed = project(owner, false);
    clients.push(open + "/app", "1", owner, password(owner)).succeeded();
    clients.push(closed + "/app", "1", owner, password(owner)).succeeded();

    clients.pull(open + "/app", "1", null, null).succeeded();
    assertThat(clients.pull(closed + "/app", "1", null, null).failed().stderr())
        .containsIgnoringCase("unauthorized");
    assertThat(clients.push(open + "/app", "2", null, null).failed().stderr())
        .containsIgnoringCase("unauthorized");
  }

  @Test
  void robot_pushesInItsProject_refusedInAnother() throws IOException {
    String owner = user("owner");
    String mine = project(owner, false);
    String other = project(owner, false);
    RobotService.CreatedRobot robot =
        robot(mine, owner, EnumSet.of(RepositoryAction.PULL, RepositoryAction.PUSH), null);

    clients.push(mine + "/app", "1", robot.accountName(), robot.secret()).succeeded();
    clients.pull(mine + "/app", "1", robot.accountName(), robot.secret()).succeeded();
    clients.push(other + "/app", "1", robot.accountName(), robot.secret()).failed();
    clients.push(other + "/app", "1", owner, password(owner)).succeeded();
    clients.pull(other + "/app", "1", robot.accountName(), robot.secret()).failed();
  }

  @Test
  void expiredRobot_refused() throws IOException, InterruptedException {
    String owner = user("owner");
    String project = project(owner, false);
    RobotService.CreatedRobot robot =
        robot(
            project,
            owner,
            EnumSet.of(RepositoryAction.PULL, RepositoryAction.PUSH),
            Instant.now().plus(Duration.ofSeconds(2)));
    Thread.sleep(2_500);
    assertThat(
            clients
                .push(project + "/app", "1", robot.accountName(), robot.secret())
                .failed()
                .stderr())
        .containsIgnoringCase("invalid username/password");
  }

  @Test
  void podman_pullsWithItsStoredLogin() throws IOException {
    Clients.requireInstalled("podman");
    String owner = user("owner");
    String project = project(owner, false);
    clients.push(project + "/app", "1", owner, password(owner)).succeeded();
    String guest = user("guest");
    member(project, owner, guest, Role.GUEST);
    clients.podmanLogin(guest, password(guest)).succeeded();
    clients.podmanPull(project + "/app", "1").succeeded();
  }
}
