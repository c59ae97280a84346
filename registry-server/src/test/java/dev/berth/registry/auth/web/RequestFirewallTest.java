package dev.berth.registry.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestFirewallTest {
  private final RequestFirewall firewall = new RequestFirewall();

  private static MockHttpServletRequest request(String uri) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
    request.setServletPath(uri);
    return request;
  }

  @Test
  void wellFormedPath_reachesTheChain_throughTheFirewallsWrapper() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();

    firewall.doFilter(request("/v2/team/app/manifests/v1"), response, chain);

    assertThat(response.getStatus()).isEqualTo(200);
    HttpServletRequest passed = (HttpServletRequest) chain.getRequest();
    assertThat(passed).isNotNull();
    assertThat(passed.getRequestURI()).isEqualTo("/v2/team/app/manifests/v1");
  }

  @Test
  void malformedApiPath_isTheSpecsNameInvalid_andGoesNoFurther() throws Exception {
    for (String uri :
        new String[] {
          "/v2/team//app/manifests/v1",
          "/v2/team/../app/manifests/v1",
          "/v2/team%2Fapp/manifests/v1",
          "/v2/team;x=1/app/tags/list"
        }) {
      MockHttpServletResponse response = new MockHttpServletResponse();
      MockFilterChain chain = new MockFilterChain();

      firewall.doFilter(request(uri), response, chain);

      assertThat(response.getStatus()).as(uri).isEqualTo(400);
      assertThat(response.getHeader("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
      assertThat(response.getContentAsString(StandardCharsets.UTF_8))
          .as(uri)
          .contains("\"code\":\"NAME_INVALID\"");
      assertThat(chain.getRequest()).as(uri).isNull();
    }
  }

  @Test
  void malformedUiPath_isAPlain400() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();

    firewall.doFilter(request("/repositories/team//app"), response, chain);

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentAsByteArray()).isEmpty();
    assertThat(chain.getRequest()).isNull();
  }
}
