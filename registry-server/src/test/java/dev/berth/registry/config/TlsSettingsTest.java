package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.support.ProcessEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TlsSettingsTest {
  @TempDir Path dir;
  private StandardEnvironment environment = new StandardEnvironment();

  @Test
  void certificateAndKey_becomeAReloadedBundleServedByTheWebServer() {
    given(
        Map.of(
            "berth.tls.certificate",
            pem("tls.crt").toString(),
            "berth.tls.private-key",
            "classpath:tls.key"));

    process();

    assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("berth-tls");
    assertThat(environment.getProperty("spring.ssl.bundle.pem.berth-tls.keystore.certificate"))
        .isEqualTo("file:" + pem("tls.crt"));
    assertThat(environment.getProperty("spring.ssl.bundle.pem.berth-tls.keystore.private-key"))
        .isEqualTo("classpath:tls.key");
    assertThat(environment.getProperty("spring.ssl.bundle.pem.berth-tls.reload-on-update"))
        .isEqualTo("true");
  }

  @Test
  void environmentVariables_bindAsWell() {
    environment =
        ProcessEnvironment.of(
            Map.of(
                "BERTH_TLS_CERTIFICATE", pem("tls.crt").toString(),
                "BERTH_TLS_PRIVATEKEY", pem("tls.key").toString()));

    process();

    assertThat(environment.getProperty("spring.ssl.bundle.pem.berth-tls.keystore.private-key"))
        .isEqualTo("file:" + pem("tls.key"));
  }

  @Test
  void springsOwnSetting_wins() {
    given(
        Map.of(
            "berth.tls.certificate", pem("c.crt").toString(),
            "berth.tls.private-key", pem("c.key").toString(),
            "server.ssl.bundle", "mine"));

    process();

    assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("mine");
  }

  @Test
  void neither_leavesPlainHttp() {
    process();

    assertThat(environment.getProperty("server.ssl.bundle")).isNull();
    assertThat(environment.getPropertySources().contains("berthTls")).isFalse();
  }

  @Test
  void onlyOne_isRefusedWithAReadableMessage() {
    given(Map.of("berth.tls.certificate", "/c.crt"));

    assertThatThrownBy(this::process)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("berth.tls.certificate and berth.tls.private-key go together");
  }

  @Test
  void aMissingFile_isRefusedWithAReadableMessage() {
    given(
        Map.of(
            "berth.tls.certificate", dir.resolve("absent.crt").toString(),
            "berth.tls.private-key", pem("tls.key").toString()));

    assertThatThrownBy(this::process)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "berth.tls.certificate: "
                + dir.resolve("absent.crt")
                + " is not a readable file (a PEM file is expected)");
  }

  /** A file in the test's directory (its content is read later, by Spring, not here). */
  private Path pem(String name) {
    Path file = dir.resolve(name);
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private void given(Map<String, Object> properties) {
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
  }

  private void process() {
    new TlsSettings().postProcessEnvironment(environment, new SpringApplication());
  }
}
