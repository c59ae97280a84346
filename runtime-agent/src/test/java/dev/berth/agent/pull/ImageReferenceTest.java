package dev.berth.agent.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String D =
      "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "127.0.0.1:5000/app:1              | 127.0.0.1:5000 | app              | 1      | null",
        "127.0.0.1:5000/team/app           | 127.0.0.1:5000 | team/app         | latest | null",
        "localhost/app                     | localhost      | app              | latest | null",
        "localhost:8080/a/b/c:v1.2-rc_3    | localhost:8080 | a/b/c            | v1.2-rc_3 | null",
        "registry.example.com/x/y@" + D + "| registry.example.com | x/y        | null   | " + D,
        "ghcr.io/o/r:t@" + D + "           | ghcr.io        | o/r              | t      | " + D,
        "alpine                            | docker.io      | library/alpine   | latest | null",
        "alpine:3.19                       | docker.io      | library/alpine   | 3.19   | null",
        "team/app:1                        | docker.io      | team/app         | 1      | null",
        "docker.io/alpine                  | docker.io      | library/alpine   | latest | null",
        "[::1]:5000/app:2                  | [::1]:5000     | app              | 2      | null",
      })
  void parse_normalises(
      String text, String registry, String repository, String tag, String digest) {
    ImageReference ref = ImageReference.parse(text.trim());
    assertThat(ref.registry()).isEqualTo(registry.trim());
    assertThat(ref.repository().value()).isEqualTo(repository.trim());
    assertThat(ref.tag()).isEqualTo(tag == null ? null : tag.trim());
    assertThat(ref.digest() == null ? null : ref.digest().toString())
        .isEqualTo(digest == null ? null : digest.trim());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "127.0.0.1:5000/App:1",
        "127.0.0.1:5000/app:",
        "127.0.0.1:5000/app:-bad",
        "127.0.0.1:5000/app@sha256:abc",
        "127.0.0.1:5000//app",
        "127.0.0.1:5000/app/",
        "127.0.0.1:5000/a..b",
      })
  void parse_rejectsMalformed(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text.isEmpty() ? "empty" : "image reference");
  }

  @org.junit.jupiter.api.Test
  void name_andApiHost() {
    assertThat(ImageReference.parse("alpine").name()).isEqualTo("docker.io/library/alpine:latest");
    assertThat(ImageReference.parse("alpine").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageReference.parse("127.0.0.1:5000/a@" + D).name())
        .isEqualTo("127.0.0.1:5000/a@" + D);
    assertThat(ImageReference.parse("127.0.0.1:5000/a@" + D).manifestReference()).isEqualTo(D);
    assertThat(ImageReference.parse("127.0.0.1:5000/a:t").hostname()).isEqualTo("127.0.0.1");
    assertThat(ImageReference.isLoopback("127.0.0.1:5000")).isTrue();
    assertThat(ImageReference.isLoopback("localhost")).isTrue();
    assertThat(ImageReference.isLoopback("[::1]:5000")).isTrue();
    assertThat(ImageReference.isLoopback("registry.example.com")).isFalse();
  }
}
