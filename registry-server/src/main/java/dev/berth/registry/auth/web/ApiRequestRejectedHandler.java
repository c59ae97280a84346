package dev.berth.registry.auth.web;

import dev.berth.oci.OciJson;
import dev.berth.registry.api.ErrorBody;
import dev.berth.registry.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's firewall refuses (a path with {@code //}, {@code ..}, an
 * encoded slash or a control character) with 400: on {@code /v2} as the spec's error JSON with
 * NAME_INVALID and the API version header, since such a path can only hold an invalid repository
 * name; elsewhere plainly.
 */
public class ApiRequestRejectedHandler implements RequestRejectedHandler {
  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      RequestRejectedException requestRejectedException)
      throws IOException {
    String uri = request.getRequestURI();
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    if (uri == null || !(uri.equals("/v2") || uri.startsWith("/v2/"))) {
      return;
    }
    response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    response.setContentType("application/json");
    byte[] body =
        OciJson.mapper()
            .writeValueAsBytes(
                ErrorBody.of(
                    ErrorCode.NAME_INVALID.wireCode(),
                    "invalid repository name or path: " + requestRejectedException.getMessage(),
                    null));
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
