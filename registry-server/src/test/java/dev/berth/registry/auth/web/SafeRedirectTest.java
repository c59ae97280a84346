package dev.berth.registry.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRedirectTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example",
        "http://evil.example/admin",
        "//evil.example",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/%0d%0aLocation: http://evil",
        "/ok\r\nSet-Cookie: x=1",
        "/with space",
        ""
      })
  void localPath_refusesOffSiteTargets(String target) {
    assertThat(SafeRedirect.localPath(target)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/admin/projects", "/admin/projects/team?tab=robots", "/r/team/app"})
  void localPath_keepsLocalPaths(String target) {
    assertThat(SafeRedirect.localPath(target)).contains(target);
  }
}
