package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class MetricsSwitchTest {

  private static final String[] CANDIDATES = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus"
        + ".PrometheusMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration",
    "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration",
    "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
    "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
    "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
    null
  };

  @Test
  void byDefault_leavesOutMetricsAndObservations_only() {
    assertThat(switchWith(new MockEnvironment()).match(CANDIDATES, null))
        .containsExactly(false, false, false, false, false, true, true, true, true);
  }

  @Test
  void switchedOn_keepsEverything() {
    MockEnvironment environment =
        new MockEnvironment().withProperty(MetricsSwitch.PROPERTY, "true");

    assertThat(switchWith(environment).match(CANDIDATES, null))
        .containsExactly(true, true, true, true, true, true, true, true, true);
  }

  private static MetricsSwitch switchWith(MockEnvironment environment) {
    MetricsSwitch metricsSwitch = new MetricsSwitch();
    metricsSwitch.setEnvironment(environment);
    return metricsSwitch;
  }
}
