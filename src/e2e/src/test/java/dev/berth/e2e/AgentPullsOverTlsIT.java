package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.testing.Skopeo;
import dev.berth.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry serving HTTPS with a certificate from a private CA: the agent pulls from it when it
 * trusts that CA the way podman does (a {@code certs.d/HOST:PORT/ca.crt} under the user's
 * configuration, or {@code --cert-dir}; either also tells it that this loopback registry speaks
 * HTTPS), and refuses it otherwise, with the reason.
 */
class AgentPullsOverTlsIT {
  @TempDir static Path work;
  static TestCa ca;
  static Registry registry;
  static String image;

  @BeforeAll
  static void registryWithAPrivateCa() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "the agent's state directory and snapshots need root");
    ca = TestCa.create(work.resolve("ca"));
    registry = Registry.startWithTls(work.resolve("registry"), ca);
    Path layout = Images.oneFileLayout(work.resolve("layout"), "motd", "over TLS\n");
    image = registry.host() + "/tls/app:1";
    Skopeo.push(layout, "1", image, List.of("--dest-cert-dir", ca.certDirectory().toString()));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void caInTheUsersCertsD_isTrusted() throws Exception {
    Path home = work.resolve("home");
    Path certs = home.resolve(".config/containers/certs.d/" + registry.host());
    Files.createDirectories(certs);
    Files.copy(ca.caCertificate(), certs.resolve("ca.crt"));
    Berth berth = new Berth(work.resolve("agent-certs-d"), Map.of("HOME", home.toString()));

    Berth.Result pull = berth.run("pull", image);

    assertThat(pull.exitCode()).as(pull.stderr()).isZero();
    assertThat(berth.run("images", "--format", "json").stdout()).contains("tls/app");
  }

  @Test
  void certDirOption_isTrusted() throws Exception {
    Berth berth = new Berth(work.resolve("agent-cert-dir"), Map.of());

    Berth.Result pull = berth.run("pull", "--cert-dir", ca.certDirectory().toString(), image);

    assertThat(pull.exitCode()).as(pull.stderr()).isZero();
  }

  @Test
  void withoutTheCa_thePullIsRefusedAndSaysWhy() throws Exception {
    Berth berth =
        new Berth(
            work.resolve("agent-untrusted"), Map.of("HOME", work.resolve("empty-home").toString()));

    // --tls-verify: a loopback registry without CA files would otherwise be tried over plain HTTP
    Berth.Result pull = berth.run("pull", "--tls-verify", image);

    assertThat(pull.exitCode()).isEqualTo(125);
    assertThat(pull.stderr())
        .contains("the TLS handshake failed")
        .containsIgnoringCase("certification path")
        .contains("certs.d/" + registry.host() + "/ca.crt");
  }
}
