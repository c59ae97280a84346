package dev.berth.agent.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTrustTest {
  @TempDir Path dir;

  @Test
  void authorities_areTheCrtFilesOfTheRegistrysDirectory_inEveryRoot() throws IOException {
    Path user = dir.resolve("user");
    Path system = dir.resolve("system");
    write(user.resolve("reg.example:5000/b.crt"));
    write(user.resolve("reg.example:5000/a.crt"));
    write(user.resolve("reg.example:5000/client.cert"));
    write(user.resolve("reg.example:5000/client.key"));
    write(system.resolve("reg.example:5000/ca.crt"));
    write(system.resolve("other.example/ca.crt"));
    RegistryTrust trust = new RegistryTrust(List.of(user, system), null);

    assertThat(trust.authorities("reg.example:5000"))
        .containsExactly(
            user.resolve("reg.example:5000/a.crt"),
            user.resolve("reg.example:5000/b.crt"),
            system.resolve("reg.example:5000/ca.crt"));
    assertThat(trust.authorities("reg.example")).isEmpty();
  }

  @Test
  void certDir_replacesTheSearch() throws IOException {
    Path root = dir.resolve("root");
    write(root.resolve("reg.example/ca.crt"));
    Path certDir = dir.resolve("mine");
    write(certDir.resolve("private.crt"));

    assertThat(new RegistryTrust(List.of(root), certDir).authorities("reg.example"))
        .containsExactly(certDir.resolve("private.crt"));
  }

  @Test
  void aMissingCertDir_isAReadableError() {
    RegistryTrust trust = new RegistryTrust(List.of(), dir.resolve("absent"));

    assertThatThrownBy(() -> trust.authorities("reg.example"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("--cert-dir")
        .hasMessageContaining("is not a directory");
  }

  @Test
  void aRegistryNameNeverReachesOutsideTheRoots() throws IOException {
    Path root = dir.resolve("root");
    write(dir.resolve("outside.crt"));

    RegistryTrust trust = new RegistryTrust(List.of(root), null);

    assertThat(trust.authorities("..")).isEmpty();
    assertThat(trust.authorities("../")).isEmpty();
  }

  @Test
  void sslContext_onlyForARegistryWithAuthorities() throws IOException {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    Path root = dir.resolve("certs.d");
    Files.createDirectories(root.resolve("127.0.0.1:5000"));
    Files.copy(ca.caCertificate(), root.resolve("127.0.0.1:5000/ca.crt"));
    RegistryTrust trust = new RegistryTrust(List.of(root), null);

    assertThat(trust.sslContext("127.0.0.1:5000")).isPresent();
    assertThat(trust.sslContext("127.0.0.1:5001")).isEmpty();
  }

  @Test
  void aCrtFileThatIsNoCertificate_isAReadableError() throws IOException {
    Path root = dir.resolve("certs.d");
    Path bad = root.resolve("reg.example/ca.crt");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "not a certificate\n");

    assertThatThrownBy(() -> new RegistryTrust(List.of(root), null).sslContext("reg.example"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("not a PEM certificate");
  }

  @Test
  void fromEnvironment_searchesTheUsersConfigThenTheSystemDirectories() throws IOException {
    Path home = dir.resolve("home");
    write(home.resolve(".config/containers/certs.d/reg.example/ca.crt"));

    assertThat(RegistryTrust.fromEnvironment(Map.of(), home, null).authorities("reg.example"))
        .first()
        .isEqualTo(home.resolve(".config/containers/certs.d/reg.example/ca.crt"));
  }

  private static void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "x");
  }
}
