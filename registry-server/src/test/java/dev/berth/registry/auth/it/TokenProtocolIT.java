package dev.berth.registry.auth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.oci.OciJson;
import dev.berth.registry.auth.AuthMode;
import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.audit.AuditAction;
import dev.berth.registry.auth.audit.AuditEvent;
import dev.berth.registry.auth.audit.AuditFilter;
import dev.berth.registry.auth.project.Role;
import dev.berth.registry.auth.token.Access;
import dev.berth.registry.auth.token.SigningKey;
import dev.berth.registry.auth.token.TokenService;
import dev.berth.registry.support.TempDirectories;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The token protocol over HTTP: challenges, the token endpoint, and forged or stale tokens. */
class TokenProtocolIT extends TokenModeIT {

  private JsonNode json(HttpResponse<String> response) {
    return OciJson.mapper().readTree(response.body());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private String token(String user, String password, String... scopes) throws IOException {
    StringBuilder query = new StringBuilder("/token?service=berth-registry");
    for (String scope : scopes) {
      query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        user == null
            ? get(query.toString())
            : get(query.toString(), "Authorization", basic(user, password));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("token").asString();
  }

  private static List<Map<String, Object>> access(String token) throws Exception {
    Object claim = SignedJWT.parse(token).getJWTClaimsSet().getClaim("access");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) claim;
    return list;
  }

  private TokenService serverKeyWith(String service, Instant now) {
    return new TokenService(
        SigningKey.load(DATA.resolve("auth/token-key.jwk")),
        new AuthProperties(
            AuthMode.TOKEN, service, "", "berth-registry", null, true, null, null, null, 0),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private HttpResponse<String> manifest(String repository, String token) throws IOException {
    return get("/v2/" + repository + "/manifests/latest", "Authorization", "Bearer " + token);
  }

  @Test
  void challenge_onGetAndHead_namesRealmServiceAndScope() throws IOException {
    HttpResponse<String> base = get("/v2/");
    assertThat(base.statusCode()).isEqualTo(401);
    assertThat(base.headers().firstValue("Docker-Distribution-API-Version"))
        .contains("registry/2.0");
    assertThat(base.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"" + base() + "/token\",service=\"berth-registry\"");
    assertThat(json(base).get("errors").get(0).get("code").asString()).isEqualTo("UNAUTHORIZED");

    HttpResponse<String> head =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/v2/team/app/manifests/1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(head.statusCode()).isEqualTo(401);
    assertThat(head.headers().firstValue("WWW-Authenticate"))
        .contains(
            "Bearer realm=\""
                + base()
                + "/token\",service=\"berth-registry\","
                + "scope=\"repository:team/app:pull\"");

    HttpResponse<String> upload =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/v2/team/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(upload.statusCode()).isEqualTo(401);
    assertThat(upload.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("scope=\"repository:team/app:pull,push\"");
  }

  @Test
  void token_grantsTheIntersectionOfAskedAndAllowed() throws Exception {
    String owner = user("owner");
    String guest = user("guest");
    String stranger = user("stranger");
    String project = project(owner, false);
    member(project, owner, guest, Role.GUEST);
    String scope = "repository:" + project + "/app:pull,push,delete";

    assertThat(access(token(guest, password(guest), scope)))
        .containsExactly(
            Map.of("type", "repository", "name", project + "/app", "actions", List.of("pull")));
    assertThat(access(token(owner, password(owner), scope)).get(0).get("actions"))
        .isEqualTo(List.of("pull", "push", "delete"));
    assertThat(access(token(stranger, password(stranger), scope))).isEmpty();
    assertThat(access(token(null, null, scope))).isEmpty();
  }

  @Test
  void token_responseHasTheSpecFields_andRefreshTokenWhenOffline() throws Exception {
    String alice = user("alice");
    HttpResponse<String> response =
        get(
            "/token?service=berth-registry&offline_token=true&scope=registry:catalog:*",
            "Authorization",
            basic(alice, password(alice)));
    JsonNode body = json(response);
    assertThat(body.get("token").asString()).isEqualTo(body.get("access_token").asString());
    assertThat(body.get("expires_in").asInt()).isEqualTo(300);
    assertThat(Instant.parse(body.get("issued_at").asString()))
        .isBefore(Instant.now().plusSeconds(5));
    String refresh = body.get("refresh_token").asString();

    HttpResponse<String> refreshed =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=refresh_token&service=berth-registry&client_id=test"
                            + "&scope=registry%3Acatalog%3A*&refresh_token="
                            + refresh))
                .build());
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    String access = json(refreshed).get("access_token").asString();
    assertThat(get("/v2/_catalog", "Authorization", "Bearer " + access).statusCode())
        .isEqualTo(200);

    HttpResponse<String> misuse = get("/v2/_catalog", "Authorization", "Bearer " + refresh);
    assertThat(misuse.statusCode()).isEqualTo(401);
  }

  @Test
  void oauthPasswordGrant_issuesTokens_andRefusesWrongPasswords() throws IOException {
    String alice = user("alice");
    String form =
        "grant_type=password&service=berth-registry&client_id=test&access_type=offline"
            + "&scope=registry%3Acatalog%3A*&username="
            + alice
            + "&password=";
    HttpResponse<String> ok = postForm("/token", form + password(alice));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("refresh_token").asString()).isNotBlank();
    assertThat(json(ok).get("scope").asString()).isEqualTo("registry:catalog:*");

    HttpResponse<String> wrong = postForm("/token", form + "nope");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(json(wrong).get("error").asString()).isEqualTo("invalid_grant");
    assertThat(postForm("/token", "grant_type=client_credentials").statusCode()).isEqualTo(400);
  }

  private HttpResponse<String> postForm(String path, String form) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  @Test
  void token_wrongPassword_isUnauthorized() throws IOException {
    String alice = user("alice");
    HttpResponse<String> response =
        get("/token?service=berth-registry", "Authorization", basic(alice, "wrong-password"));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("errors").get(0).get("code").asString())
        .isEqualTo("UNAUTHORIZED");
    assertThat(
            get("/token?service=other", "Authorization", basic(alice, password(alice)))
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void forgedOrStaleTokens_areRefused() throws Exception {
    String alice = user("alice");
    String project = project(alice, false);
    String repo = project + "/app";
    List<Access> all = List.of(new Access("repository", repo, List.of("pull", "push")));

    String good =
        serverKeyWith("berth-registry", Instant.now()).issue(Caller.user(alice), all).token();
    assertThat(manifest(repo, good).statusCode()).isEqualTo(404);

    String otherService =
        serverKeyWith("other-service", Instant.now()).issue(Caller.user(alice), all).token();
    assertInvalid(manifest(repo, otherService), "another service");

    String expired =
        serverKeyWith("berth-registry", Instant.now().minus(Duration.ofHours(1)))
            .issue(Caller.user(alice), all)
            .token();
    assertInvalid(manifest(repo, expired), "expired");

    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("berth-registry")
            .subject(alice)
            .audience("berth-registry")
            .expirationTime(Date.from(Instant.now().plusSeconds(300)))
            .claim("token_use", "access")
            .claim(
                "access",
                List.of(Map.of("type", "repository", "name", repo, "actions", List.of("pull"))))
            .build();
    assertInvalid(manifest(repo, new PlainJWT(claims).serialize()), "");

    ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
    SignedJWT otherKey = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
    otherKey.sign(new ECDSASigner(attacker));
    assertInvalid(manifest(repo, otherKey.serialize()), "signature");

    SignedJWT ownKey =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .jwk(attacker.toPublicJWK())
                .build(),
            claims);
    ownKey.sign(new ECDSASigner(attacker));
    assertInvalid(manifest(repo, ownKey.serialize()), "signature");
  }

  private void assertInvalid(HttpResponse<String> response, String message) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(json(response).get("errors").get(0).get("message").asString()).contains(message);
  }

  @Test
  void tokenWithoutTheAction_isDeniedForKnownCallers() throws IOException {
    String owner = user("owner");
    String guest = user("guest");
    String project = project(owner, false);
    member(project, owner, guest, Role.GUEST);
    String token = token(guest, password(guest), "repository:" + project + "/app:pull,push");
    HttpResponse<String> push =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/v2/" + project + "/app/blobs/uploads/"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(push.statusCode()).isEqualTo(403);
    assertThat(push.headers().firstValue("Docker-Distribution-API-Version"))
        .contains("registry/2.0");
    assertThat(json(push).get("errors").get(0).get("code").asString()).isEqualTo("DENIED");
  }

  @Test
  void catalog_listsOnlyWhatTheCallerMayPull() throws IOException {
    Clients clients = new Clients(TempDirectories.deletedAtExit("clients"), port);
    Clients.requireInstalled("skopeo");
    String owner = user("owner");
    String reader = user("reader");
    String mine = project(owner, false);
    String hidden = project(owner, false);
    String open = project(owner, true);
    member(mine, owner, reader, Role.GUEST);
    for (String project : List.of(mine, hidden, open)) {
      clients.push(project + "/app", "1", owner, password(owner)).succeeded();
    }
    String token = token(reader, password(reader), "registry:catalog:*");
    String catalog = get("/v2/_catalog?n=10000", "Authorization", "Bearer " + token).body();
    assertThat(catalog)
        .contains("\"" + mine + "/app\"", "\"" + open + "/app\"")
        .doesNotContain(hidden);

    String anonymous = token(null, null, "registry:catalog:*");
    String anonymousCatalog =
        get("/v2/_catalog?n=10000", "Authorization", "Bearer " + anonymous).body();
    assertThat(anonymousCatalog)
        .contains("\"" + open + "/app\"")
        .doesNotContain(mine)
        .doesNotContain(hidden);

    String noCatalogScope = token(reader, password(reader));
    assertThat(get("/v2/_catalog", "Authorization", "Bearer " + noCatalogScope).statusCode())
        .isEqualTo(401);
  }

  @Test
  void failedLogins_areThrottledPerAccount() throws IOException {
    String victim = user("victim");
    for (int i = 0; i < 3; i++) {
      assertThat(get("/token", "Authorization", basic(victim, "guess" + i)).statusCode())
          .isEqualTo(401);
    }
    HttpResponse<String> throttled =
        get("/token", "Authorization", basic(victim, password(victim)));
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(throttled).get("errors").get(0).get("code").asString())
        .isEqualTo("TOOMANYREQUESTS");

    Browser browser = new Browser(base());
    assertThat(
            browser.login(victim, password(victim)).headers().firstValue("Location").orElseThrow())
        .endsWith("/login?throttled");

    String bystander = user("bystander");
    assertThat(get("/token", "Authorization", basic(bystander, password(bystander))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void audit_recordsPullsPushesDeniedAttemptsAndLogins() throws IOException {
    Clients clients = new Clients(TempDirectories.deletedAtExit("clients"), port);
    Clients.requireInstalled("skopeo");
    String owner = user("owner");
    String guest = user("guest");
    String project = project(owner, false);
    member(project, owner, guest, Role.GUEST);
    clients.push(project + "/app", "1", owner, password(owner)).succeeded();
    clients.pull(project + "/app", "1", guest, password(guest)).succeeded();
    get("/token", "Authorization", basic(guest, "wrong-password"));

    List<AuditEvent> events = audit.find(AuditFilter.ALL.inProject(project), 0, 100).getContent();
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo(AuditAction.PUSH);
              assertThat(e.actor()).isEqualTo(owner);
              assertThat(e.target()).isEqualTo(project + "/app:1");
              assertThat(e.address()).isEqualTo("127.0.0.1");
            })
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo(AuditAction.PULL);
              assertThat(e.actor()).isEqualTo(guest);
            })
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo(AuditAction.MEMBER_ADDED);
              assertThat(e.target()).isEqualTo(guest);
            });
    List<AuditEvent> failures =
        audit
            .find(new AuditFilter(guest, AuditAction.LOGIN_FAILED, null, null, null, null), 0, 10)
            .getContent();
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).outcome()).isEqualTo("failure");
  }

  @Test
  void crossRepositoryMount_onlyFromRepositoriesTheCallerMayPull() throws IOException {
    Clients clients = new Clients(TempDirectories.deletedAtExit("clients"), port);
    Clients.requireInstalled("skopeo");
    String alice = user("alice");
    String bob = user("bob");
    String alices = project(alice, false);
    String bobs = project(bob, false);
    String readable = project(bob, false);
    member(readable, bob, alice, Role.GUEST);
    clients.push(bobs + "/app", "1", bob, password(bob)).succeeded();
    clients.push(readable + "/app", "1", bob, password(bob)).succeeded();
    String hiddenBlob = configDigest(bobs + "/app", bob);
    String visibleBlob = configDigest(readable + "/app", bob);

    String token =
        token(
            alice,
            password(alice),
            "repository:" + alices + "/app:pull,push",
            "repository:" + bobs + "/app:pull",
            "repository:" + readable + "/app:pull");
    HttpResponse<String> refused = mount(alices + "/app", hiddenBlob, bobs + "/app", token);
    assertThat(refused.statusCode()).isEqualTo(202);
    HttpResponse<String> mounted = mount(alices + "/app", visibleBlob, readable + "/app", token);
    assertThat(mounted.statusCode()).isEqualTo(201);
  }

  private HttpResponse<String> mount(String target, String digest, String from, String token)
      throws IOException {
    return send(
        HttpRequest.newBuilder(
                URI.create(
                    base() + "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + from))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private String configDigest(String repository, String owner) throws IOException {
    String token = token(owner, password(owner), "repository:" + repository + ":pull");
    HttpResponse<String> manifest =
        get(
            "/v2/" + repository + "/manifests/1",
            "Authorization",
            "Bearer " + token,
            "Accept",
            "application/vnd.oci.image.manifest.v1+json");
    return json(manifest).get("config").get("digest").asString();
  }
}
