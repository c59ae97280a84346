package dev.berth.agent.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.distribution.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {
  @TempDir Path dir;

  private static String auth(String user, String password) {
    return new Credentials(user, password).encode();
  }

  @Test
  void fromEnvironment_searchOrderLikePodman() {
    Path home = dir.resolve("home");
    AuthFile file =
        AuthFile.fromEnvironment(
            Map.of(
                "REGISTRY_AUTH_FILE", dir.resolve("explicit.json").toString(),
                "XDG_RUNTIME_DIR", dir.resolve("run").toString(),
                "DOCKER_CONFIG", dir.resolve("docker").toString()),
            home);
    assertThat(file.writeTarget()).isEqualTo(dir.resolve("explicit.json"));
    AuthFile plain = AuthFile.fromEnvironment(Map.of(), home);
    assertThat(plain.writeTarget()).isEqualTo(home.resolve(".config/containers/auth.json"));
    AuthFile xdg = AuthFile.fromEnvironment(Map.of("XDG_RUNTIME_DIR", "/run/user/0"), home);
    assertThat(xdg.writeTarget()).isEqualTo(Path.of("/run/user/0/containers/auth.json"));
  }

  @Test
  void lookup_firstFileWinsAndDockerConfigIsRead() throws IOException {
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(
        home.resolve(".docker/config.json"),
        "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
            + auth("hub", "h")
            + "\"},"
            + "\"reg.example:5000\":{\"auth\":\""
            + auth("docker", "d")
            + "\"}}}");
    Files.createDirectories(dir.resolve("run/containers"));
    Files.writeString(
        dir.resolve("run/containers/auth.json"),
        "{\"auths\":{\"reg.example:5000\":{\"auth\":\""
            + auth("podman", "p")
            + "\"},"
            + "\"reg.example:5000/team\":{\"auth\":\""
            + auth("team", "t")
            + "\"}}}");
    AuthFile file =
        AuthFile.fromEnvironment(Map.of("XDG_RUNTIME_DIR", dir.resolve("run").toString()), home);

    assertThat(file.lookup("reg.example:5000", "other/app"))
        .contains(new Credentials("podman", "p"));
    assertThat(file.lookup("reg.example:5000", "team/app")).contains(new Credentials("team", "t"));
    assertThat(file.lookup("reg.example:5000", "teamx/app"))
        .contains(new Credentials("podman", "p"));
    assertThat(file.lookup("docker.io", "library/alpine")).contains(new Credentials("hub", "h"));
    assertThat(file.lookup("elsewhere", "a")).isEqualTo(Optional.empty());
  }

  @Test
  void storeAndRemove_keepOtherEntriesAndMode0600() throws IOException {
    Path target = dir.resolve("auth.json");
    Files.writeString(
        target,
        "{\"auths\":{\"keep.me\":{\"auth\":\"" + auth("k", "k") + "\"}},\"credHelpers\":{}}");
    AuthFile file = new AuthFile(java.util.List.of(target));

    file.store("127.0.0.1:5000", new Credentials("alice", "s3cret:with:colons"));

    assertThat(file.lookup("127.0.0.1:5000", "x"))
        .contains(new Credentials("alice", "s3cret:with:colons"));
    assertThat(file.lookup("keep.me", "x")).contains(new Credentials("k", "k"));
    assertThat(Files.readString(target)).contains("credHelpers");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
    assertThat(file.remove("127.0.0.1:5000")).isTrue();
    assertThat(file.remove("127.0.0.1:5000")).isFalse();
    assertThat(file.lookup("127.0.0.1:5000", "x")).isEmpty();
  }

  @Test
  void lookup_corruptFileIsAClearError() throws IOException {
    Path target = dir.resolve("auth.json");
    Files.writeString(target, "{not json");
    assertThatThrownBy(() -> new AuthFile(java.util.List.of(target)).lookup("a", "b"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(target.toString());
  }
}
