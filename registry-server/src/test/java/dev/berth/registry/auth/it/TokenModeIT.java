package dev.berth.registry.auth.it;

import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.account.AccountService;
import dev.berth.registry.auth.audit.AuditLog;
import dev.berth.registry.auth.project.ProjectService;
import dev.berth.registry.auth.project.RepositoryAction;
import dev.berth.registry.auth.project.RobotService;
import dev.berth.registry.auth.project.Role;
import dev.berth.registry.support.TempDirectories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The registry on a random port with {@code berth.auth.mode=token}, shared by the token-mode
 * integration tests so that Spring starts once. Its data directory is a temporary directory made
 * once per JVM (a per-class {@code @TempDir} would vanish under the cached context) and removed at
 * exit. Tests create their own users and projects with unique names.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "berth.auth.mode=token",
      "berth.auth.admin-password=" + TokenModeIT.ADMIN_PASSWORD,
      "berth.auth.throttle.free-failures=3",
      "berth.auth.throttle.free-failures-per-address=100000",
      "berth.auth.throttle.base-delay=30s",
      "berth.auth.bcrypt-strength=4"
    })
abstract class TokenModeIT {
  static final String ADMIN_PASSWORD = "admin-secret-for-tests";
  static final Path DATA = TempDirectories.deletedAtExit("berth-auth-it");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired AccountService accounts;
  @Autowired ProjectService projects;
  @Autowired RobotService robots;
  @Autowired AuditLog audit;

  final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("berth.data-dir", DATA::toString);
  }

  /** A name no other test uses. */
  static String unique(String prefix) {
    return prefix
        + COUNTER.incrementAndGet()
        + "x"
        + Long.toString(System.nanoTime() % 100_000, 36);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates a user; the password is the name followed by {@code -password}. */
  String user(String prefix) {
    String name = unique(prefix);
    accounts.createUnchecked(name, password(name), false);
    return name;
  }

  static String password(String user) {
    return user + "-password";
  }

  /** Creates a project owned by {@code owner}. */
  String project(String owner, boolean isPublic) {
    String name = unique("p");
    projects.create(Caller.user(owner), "test", name, isPublic);
    return name;
  }

  void member(String project, String owner, String user, Role role) {
    projects.addMember(Caller.user(owner), "test", project, user, role);
  }

  RobotService.CreatedRobot robot(
      String project, String owner, Set<RepositoryAction> actions, Instant expiresAt) {
    return robots.create(Caller.user(owner), "test", project, unique("ci"), actions, expiresAt);
  }

  HttpResponse<String> get(String path, String... headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
