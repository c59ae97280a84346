package dev.berth.registry.e2e;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every request the registry answered, so a test can see what a real client did (for
 * example that it mounted a blob instead of uploading it). Import {@link Configuration} to use it.
 */
final class RequestLog extends OncePerRequestFilter implements Ordered {
  /** One answered request. */
  record Entry(String method, String path, String query, int status) {
    String param(String name) {
      if (query == null) {
        return null;
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return java.net.URLDecoder.decode(
              pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
      return null;
    }
  }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  void clear() {
    entries.clear();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      entries.add(
          new Entry(
              request.getMethod(),
              request.getRequestURI(),
              request.getQueryString(),
              response.getStatus()));
    }
  }

  /** Registers the log as a servlet filter in front of everything else. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Configuration {
    @Bean
    RequestLog requestLog() {
      return new RequestLog();
    }
  }
}
