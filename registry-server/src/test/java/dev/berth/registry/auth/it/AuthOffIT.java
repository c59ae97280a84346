package dev.berth.registry.auth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.access.RepositoryAccess;
import dev.berth.registry.support.TempDirectories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The default, {@code berth.auth.mode=none}: the registry behaves as one without accounts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthOffIT {
  static final Path DATA = TempDirectories.deletedAtExit("berth-authoff-it");

  @LocalServerPort int port;
  @Autowired RepositoryAccess access;
  @Autowired ApplicationContext context;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("berth.data-dir", DATA::toString);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void api_isOpen_withoutSecurityHeadersOrChallenges() throws Exception {
    HttpResponse<String> base = get("/v2/");
    assertThat(base.statusCode()).isEqualTo(200);
    assertThat(base.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(base.headers().firstValue("Cache-Control")).isEmpty();
    assertThat(base.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(get("/v2/_catalog").statusCode()).isEqualTo(200);
    assertThat(access.canPull("any/repo")).isTrue();
    assertThat(access.canDelete("any/repo")).isTrue();
  }

  @Test
  void noAccountsTokensOrAdminPages() throws Exception {
    assertThat(get("/token").statusCode()).isEqualTo(404);
    assertThat(get("/login").statusCode()).isEqualTo(404);
    assertThat(get("/admin/projects").statusCode()).isEqualTo(404);
    assertThat(context.getBeanNamesForType(dev.berth.registry.auth.token.TokenService.class))
        .isEmpty();
    assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
  }

  @Test
  void metrics_areOffByDefault_healthIsNot() throws Exception {
    assertThat(get("/actuator/metrics").statusCode()).isEqualTo(404);
    assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(404);
    assertThat(context.getBeanNamesForType(io.micrometer.core.instrument.MeterRegistry.class))
        .isEmpty();
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void firewallRejections_onTheApi_areSpecErrors() throws Exception {
    HttpResponse<String> rejected = get("/v2/team//app/manifests/1");
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.headers().firstValue("Docker-Distribution-API-Version"))
        .contains("registry/2.0");
    assertThat(rejected.body()).contains("\"code\":\"NAME_INVALID\"");
    assertThat(get("/repositories/team/../app").statusCode()).isEqualTo(400);
  }

  @Test
  void springSecurity_isNotConfigured_theUiStillHasItsHeaders() throws Exception {
    assertThat(context.getBeanNamesForType(SecurityFilterChain.class)).isEmpty();
    assertThat(context.containsBean("springSecurityFilterChain")).isFalse();
    assertThat(context.getBeanNamesForType(UserDetailsService.class)).isEmpty();

    HttpResponse<String> home = get("/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(home.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(home.headers().firstValue("Set-Cookie")).isEmpty();
  }
}
