package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.testing.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry with token authentication and a private project: the agent pulls from it with a robot
 * account's credentials taken from an {@code auth.json}, and is refused without them.
 */
class AgentPullsPrivateImageIT {
  static final String ADMIN_PASSWORD = "e2e-admin-Password-1";

  @TempDir static Path work;
  static Registry registry;
  static String image;
  static String robotName;
  static String robotSecret;

  @BeforeAll
  static void privateImageAndRobot() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "the agent's state directory and snapshots need root");
    registry =
        Registry.start(
            work.resolve("registry"),
            "--berth.auth.mode=token",
            "--berth.auth.admin-password=" + ADMIN_PASSWORD,
            "--berth.auth.bcrypt-strength=4");
    AdminSession admin = AdminSession.signIn(registry.host(), "admin", ADMIN_PASSWORD);
    admin.submit("/admin/projects", "/admin/projects", "name", "secret");
    String created =
        admin
            .submit(
                "/admin/projects/secret",
                "/admin/projects/secret/robots",
                "robot",
                "agent",
                "actions",
                "pull")
            .body();
    robotName = group(created, "id=\"robot-name\">([^<]+)<");
    robotSecret = group(created, "id=\"robot-secret\">([^<]+)<");

    Path layout = Images.oneFileLayout(work.resolve("layout"), "secret.txt", "classified\n");
    image = registry.host() + "/secret/app:1";
    Skopeo.push(
        layout,
        "1",
        image,
        List.of("--dest-tls-verify=false", "--dest-creds", "admin:" + ADMIN_PASSWORD));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  private static String group(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    assertThat(m.find()).as("robot page shows " + regex).isTrue();
    return m.group(1).replace("&#36;", "$").replace("&#43;", "+");
  }

  private static Path authFile(String name, String user, String secret) throws Exception {
    String auth =
        Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    Path file = work.resolve(name);
    Files.writeString(
        file, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    return file;
  }

  @Test
  void robotCredentialsFromAuthJson_pullThePrivateImage() throws Exception {
    Path authJson = authFile("robot-auth.json", robotName, robotSecret);
    Berth berth =
        new Berth(work.resolve("agent-robot"), Map.of("REGISTRY_AUTH_FILE", authJson.toString()));
    Berth.Result pull = berth.run("pull", image);
    assertThat(pull.exitCode()).as(pull.stderr()).isZero();
    assertThat(berth.run("images", "--format", "json").stdout()).contains("secret/app");
  }

  @Test
  void withoutCredentials_orWithAWrongSecret_thePullIsRefused() throws Exception {
    Path empty = work.resolve("empty-auth.json");
    Files.writeString(empty, "{\"auths\":{}}");
    Berth.Result anonymous =
        new Berth(work.resolve("agent-anonymous"), Map.of("REGISTRY_AUTH_FILE", empty.toString()))
            .run("pull", image);
    assertThat(anonymous.exitCode()).isEqualTo(125);
    assertThat(anonymous.stderr()).isNotBlank();

    Path wrong = authFile("wrong-auth.json", robotName, "not-the-secret");
    Berth.Result refused =
        new Berth(work.resolve("agent-wrong"), Map.of("REGISTRY_AUTH_FILE", wrong.toString()))
            .run("pull", image);
    assertThat(refused.exitCode()).isEqualTo(125);
  }
}
