package dev.berth.registry.auth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.account.AccountService;
import dev.berth.registry.auth.project.ProjectService;
import dev.berth.registry.auth.project.Role;
import dev.berth.registry.gc.GarbageCollection;
import dev.berth.registry.notify.RecordingListener;
import dev.berth.registry.support.TempDirectories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code berth.auth.mode=basic}: Basic credentials directly on {@code /v2}, no token endpoint. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "berth.auth.mode=basic",
      "berth.auth.admin-password=basic-admin-password",
      "berth.auth.bcrypt-strength=4",
      "berth.metrics.enabled=true"
    })
class BasicModeIT {
  /** Made once per JVM: the cached context outlives this class. */
  static final Path DATA = TempDirectories.deletedAtExit("berth-basic-it");

  @TempDir Path work;
  @LocalServerPort int port;
  @Autowired AccountService accounts;
  @Autowired ProjectService projects;
  @Autowired GarbageCollection gc;
  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("berth.data-dir", DATA::toString);
    registry.add("berth.notifications.endpoints[0].url", () -> LISTENER.url().toString());
  }

  private static final RecordingListener LISTENER = RecordingListener.unchecked();

  @AfterAll
  static void stopListener() {
    LISTENER.close();
  }

  @BeforeAll
  static void skopeo() {
    Clients.requireInstalled("skopeo");
  }

  private String user(String prefix) {
    String name = TokenModeIT.unique(prefix);
    accounts.createUnchecked(name, TokenModeIT.password(name), false);
    return name;
  }

  private HttpResponse<String> get(String path, String user, String password) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void skopeo_pushesAndPullsWithBasicCredentials() throws Exception {
    Clients clients = new Clients(work, port);
    String owner = user("owner");
    String guest = user("guest");
    String project = TokenModeIT.unique("b");
    projects.create(Caller.user(owner), "test", project, false);
    projects.addMember(Caller.user(owner), "test", project, guest, Role.GUEST);

    clients.skopeoLogin(owner, TokenModeIT.password(owner)).succeeded();
    clients.skopeoLogin(owner, "wrong-password").failed();
    clients.push(project + "/app", "1", owner, TokenModeIT.password(owner)).succeeded();
    clients.pull(project + "/app", "1", guest, TokenModeIT.password(guest)).succeeded();
    // the events name who pushed and who pulled
    JsonNode pushed =
        LISTENER.await(e -> isManifestEvent(e, "push", project + "/app"), Duration.ofSeconds(10));
    assertThat(pushed.get("actor").get("name").asString()).isEqualTo(owner);
    JsonNode pulled =
        LISTENER.await(e -> isManifestEvent(e, "pull", project + "/app"), Duration.ofSeconds(10));
    assertThat(pulled.get("actor").get("name").asString()).isEqualTo(guest);
    clients.push(project + "/app", "2", guest, TokenModeIT.password(guest)).failed();
    clients.pull(project + "/app", "1", null, null).failed();

    HttpResponse<String> anonymous = get("/v2/" + project + "/app/manifests/1", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Basic realm=");
    assertThat(anonymous.headers().firstValue("Docker-Distribution-API-Version"))
        .contains("registry/2.0");

    HttpResponse<String> guestDelete =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v2/" + project + "/app/manifests/1"))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (guest + ":" + TokenModeIT.password(guest))
                                    .getBytes(StandardCharsets.UTF_8)))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(guestDelete.statusCode()).isEqualTo(403);
    assertThat(guestDelete.body()).contains("\"DENIED\"");
  }

  private static boolean isManifestEvent(JsonNode event, String action, String repository) {
    JsonNode target = event.get("target");
    return action.equals(event.get("action").asString())
        && repository.equals(target.get("repository").asString())
        && target.has("tag");
  }

  @Test
  void anonymousPullOfPublicProject_needsNoCredentials() throws Exception {
    Clients clients = new Clients(work, port);
    String owner = user("owner");
    String project = TokenModeIT.unique("b");
    projects.create(Caller.user(owner), "test", project, true);
    clients.push(project + "/app", "1", owner, TokenModeIT.password(owner)).succeeded();
    clients.pull(project + "/app", "1", null, null).succeeded();
    assertThat(get("/v2/" + project + "/app/manifests/1", null, null).statusCode()).isEqualTo(200);
    assertThat(get("/v2/", null, null).statusCode()).isEqualTo(401);
    assertThat(get("/v2/", owner, "wrong-password").statusCode()).isEqualTo(401);
    assertThat(get("/v2/", owner, TokenModeIT.password(owner)).statusCode()).isEqualTo(200);
    assertThat(get("/token", owner, TokenModeIT.password(owner)).statusCode()).isEqualTo(404);
  }

  @Test
  void actuator_healthIsOpen_metricsNeedAnAdministrator() throws Exception {
    assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/metrics", null, null).statusCode()).isEqualTo(401);
    String alice = user("alice");
    assertThat(get("/actuator/metrics", alice, TokenModeIT.password(alice)).statusCode())
        .isEqualTo(403);
    assertThat(get("/actuator/metrics", "admin", "basic-admin-password").statusCode())
        .isEqualTo(200);
  }

  @Test
  void metricsSwitchedOn_prometheusScrape_showsRequestTimersToAdministratorsOnly()
      throws Exception {
    assertThat(get("/v2/", "admin", "basic-admin-password").statusCode()).isEqualTo(200);
    assertThat(get("/v2/no/such/manifests/v1", "admin", "basic-admin-password").statusCode())
        .isEqualTo(404);
    long runs = gc.totals().runs();
    gc.run();

    HttpResponse<String> scrape = get("/actuator/prometheus", "admin", "basic-admin-password");

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(scrape.body())
        .contains("http_server_requests_seconds_count{")
        .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/v2/\"")
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*status=\"404\"[^}]*"
                + "uri=\"/v2/\\{name}/manifests/\\{reference}\"")
        .contains("jvm_memory_used_bytes{")
        .contains("hikaricp_connections_active{")
        .containsPattern("(?m)^berth_gc_runs_total(\\{[^}]*})? " + (runs + 1) + "\\.0$")
        .contains("berth_gc_removed_bytes_total")
        .contains("berth_gc_deleted_manifests_total");
    assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
  }
}
