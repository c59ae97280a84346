package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SecuritySwitchTest {

  private static final String[] CANDIDATES = {
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet"
        + ".ManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
    "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
    null
  };

  @Test
  void authOff_leavesOutSpringSecurity_only() {
    assertThat(switchWith(new MockEnvironment()).match(CANDIDATES, null))
        .containsExactly(false, false, false, false, true, true, true);
    assertThat(switchWith(mode(" None ")).match(CANDIDATES, null))
        .containsExactly(false, false, false, false, true, true, true);
  }

  @Test
  void authOn_keepsEverything() {
    for (String mode : new String[] {"token", "basic", "BASIC"}) {
      assertThat(switchWith(mode(mode)).match(CANDIDATES, null))
          .as(mode)
          .containsExactly(true, true, true, true, true, true, true);
    }
  }

  private static MockEnvironment mode(String mode) {
    return new MockEnvironment().withProperty("berth.auth.mode", mode);
  }

  private static SecuritySwitch switchWith(MockEnvironment environment) {
    SecuritySwitch securitySwitch = new SecuritySwitch();
    securitySwitch.setEnvironment(environment);
    return securitySwitch;
  }
}
