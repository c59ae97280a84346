package dev.berth.registry.auth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.OciJson;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.project.Role;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role against every operation, through the real endpoints: the registry API with tokens from
 * {@code /token}, and the project pages with a signed-in session.
 */
class PermissionMatrixIT extends TokenModeIT {
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

  /** Who performs the operation. */
  enum Who {
    OWNER,
    MAINTAINER,
    DEVELOPER,
    GUEST,
    NON_MEMBER,
    SYSTEM_ADMIN
  }

  enum Operation {
    PULL,
    PUSH,
    DELETE,
    MANAGE_MEMBERS,
    MANAGE_ROBOTS,
    VIEW_AUDIT
  }

  /** The expected matrix, written out: Y may, N may not. Columns in {@link Operation} order. */
  private static final String[][] EXPECTED = {
    {"OWNER", "Y", "Y", "Y", "Y", "Y", "Y"},
    {"MAINTAINER", "Y", "Y", "Y", "N", "Y", "Y"},
    {"DEVELOPER", "Y", "Y", "N", "N", "N", "N"},
    {"GUEST", "Y", "N", "N", "N", "N", "N"},
    {"NON_MEMBER", "N", "N", "N", "N", "N", "N"},
    {"SYSTEM_ADMIN", "Y", "Y", "Y", "Y", "Y", "Y"},
  };

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (String[] row : EXPECTED) {
      for (Operation operation : Operation.values()) {
        cases.add(
            Arguments.of(Who.valueOf(row[0]), operation, row[operation.ordinal() + 1].equals("Y")));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("matrix")
  void roleOperation(Who who, Operation operation, boolean allowed) throws IOException {
    String owner = user("owner");
    String project = project(owner, false);
    String repository = project + "/app";
    String manifestDigest = seed(repository, owner);
    String actor;
    String secret;
    switch (who) {
      case OWNER -> {
        actor = owner;
        secret = password(owner);
      }
      case SYSTEM_ADMIN -> {
        actor = "admin";
        secret = ADMIN_PASSWORD;
      }
      case NON_MEMBER -> {
        actor = user("outsider");
        secret = password(actor);
      }
      default -> {
        actor = user(who.name().toLowerCase(java.util.Locale.ROOT));
        secret = password(actor);
        member(project, owner, actor, Role.valueOf(who.name()));
      }
    }

    int status =
        switch (operation) {
          case PULL ->
              api(actor, secret, repository, "pull", "GET", "/manifests/1", null).statusCode();
          case PUSH ->
              api(actor, secret, repository, "pull,push", "PUT", "/manifests/pushed", manifest)
                  .statusCode();
          case DELETE ->
              api(
                      actor,
                      secret,
                      repository,
                      "delete",
                      "DELETE",
                      "/manifests/" + manifestDigest,
                      null)
                  .statusCode();
          case MANAGE_MEMBERS -> {
            String newcomer = user("newcomer");
            int code =
                signedIn(actor, secret)
                    .post(
                        "/admin/projects/" + project + "/members",
                        "username",
                        newcomer,
                        "role",
                        "guest")
                    .statusCode();
            boolean added =
                projects.members(Caller.user(owner), project).stream()
                    .anyMatch(m -> m.username().equals(newcomer));
            assertThat(added).as("member added").isEqualTo(allowed);
            yield code;
          }
          case MANAGE_ROBOTS ->
              signedIn(actor, secret)
                  .post("/admin/projects/" + project + "/robots", "robot", "ci", "actions", "pull")
                  .statusCode();
          case VIEW_AUDIT ->
              signedIn(actor, secret).get("/admin/projects/" + project + "/audit").statusCode();
        };
    if (allowed) {
      assertThat(status).isBetween(200, 302);
    } else {
      assertThat(status).isIn(401, 403, 404);
    }
  }

  private byte[] manifest;

  /** Pushes a one-layer image as {@code repository:1} over the API; returns its digest. */
  private String seed(String repository, String owner) throws IOException {
    String token = token(owner, password(owner), "repository:" + repository + ":pull,push");
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer of " + repository).getBytes(StandardCharsets.UTF_8);
    String configDigest = "sha256:" + Digest.sha256(config).hex();
    String layerDigest = "sha256:" + Digest.sha256(layer).hex();
    for (byte[] blob : List.of(config, layer)) {
      HttpResponse<String> upload =
          send(
              HttpRequest.newBuilder(
                      URI.create(
                          base()
                              + "/v2/"
                              + repository
                              + "/blobs/uploads/?digest=sha256:"
                              + Digest.sha256(blob).hex()))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/octet-stream")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                  .build());
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
    }
    manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MANIFEST_TYPE
                + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + layerDigest
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/v2/" + repository + "/manifests/1"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", MANIFEST_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .build());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    return "sha256:" + Digest.sha256(manifest).hex();
  }

  private HttpResponse<String> api(
      String user,
      String password,
      String repository,
      String actions,
      String method,
      String path,
      byte[] body)
      throws IOException {
    String token = token(user, password, "repository:" + repository + ":" + actions);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + "/v2/" + repository + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", MANIFEST_TYPE);
    }
    HttpResponse<String> response = send(request.build());
    if (response.statusCode() >= 400) {
      String code =
          OciJson.mapper().readTree(response.body()).get("errors").get(0).get("code").asString();
      assertThat(code).isIn("UNAUTHORIZED", "DENIED");
    }
    return response;
  }

  private String token(String user, String password, String scope) throws IOException {
    HttpResponse<String> response =
        get(
            "/token?service=berth-registry&scope="
                + URLEncoder.encode(scope, StandardCharsets.UTF_8),
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    assertThat(response.statusCode()).isEqualTo(200);
    return OciJson.mapper().readTree(response.body()).get("token").asString();
  }

  private Browser signedIn(String user, String password) throws IOException {
    Browser browser = new Browser(base());
    assertThat(browser.login(user, password).statusCode()).isEqualTo(302);
    return browser;
  }
}
