package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.support.ProcessEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TlsSettingsTest {
  private StandardEnvironment environment = new StandardEnvironment();

  @Test
  void certificateAndKey_becomeAReloadedBundleServedByTheWebServer() {
    given(
        Map.of(
            "berth.tls.certificate", "/etc/berth/tls.crt",
            "berth.tls.private-key", "classpath:tls.key"));

    process();

    assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("berth-tls");
    assertThat(environment.getProperty("spring.ssl.bundle.pem.berth-tls.keystore.certificate"))
        .isEqualTo("file:/etc/berth/tls.crt");
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
                "BERTH_TLS_CERTIFICATE", "/certs/tls.crt",
                "BERTH_TLS_PRIVATEKEY", "/certs/tls.key"));

    process();

    assertThat(environment.getProperty("spring.ssl.bundle.pem.berth-tls.keystore.private-key"))
        .isEqualTo("file:/certs/tls.key");
  }

  @Test
  void springsOwnSetting_wins() {
    given(
        Map.of(
            "berth.tls.certificate", "/c.crt",
            "berth.tls.private-key", "/c.key",
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

  private void given(Map<String, Object> properties) {
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
  }

  private void process() {
    new TlsSettings().postProcessEnvironment(environment, new SpringApplication());
  }
}
