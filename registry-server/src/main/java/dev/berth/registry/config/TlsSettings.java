package dev.berth.registry.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * HTTPS from two settings, as distribution takes them: {@code berth.tls.certificate} (PEM, the
 * server's certificate followed by its chain) and {@code berth.tls.private-key} (PEM). They become
 * a Spring Boot SSL bundle served by the web server, reloaded when the files change (a renewed
 * certificate needs no restart). Spring's own {@code server.ssl.*} and {@code spring.ssl.bundle.*}
 * settings, when given, win. Registered in {@code META-INF/spring.factories}.
 */
public final class TlsSettings implements EnvironmentPostProcessor, Ordered {
  static final String BUNDLE = "berth-tls";
  private static final String CERTIFICATE = "berth.tls.certificate";
  private static final String PRIVATE_KEY = "berth.tls.private-key";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Binder binder = Binder.get(environment);
    String certificate = binder.bind(CERTIFICATE, String.class).orElse("").strip();
    String privateKey = binder.bind(PRIVATE_KEY, String.class).orElse("").strip();
    if (certificate.isEmpty() && privateKey.isEmpty()) {
      return;
    }
    if (certificate.isEmpty() || privateKey.isEmpty()) {
      throw new IllegalStateException(
          CERTIFICATE
              + " and "
              + PRIVATE_KEY
              + " go together: give both PEM files to serve HTTPS, or neither for plain HTTP");
    }
    Map<String, Object> bundle = new LinkedHashMap<>();
    String prefix = "spring.ssl.bundle.pem." + BUNDLE + ".";
    bundle.put(prefix + "keystore.certificate", fileLocation(CERTIFICATE, certificate));
    bundle.put(prefix + "keystore.private-key", fileLocation(PRIVATE_KEY, privateKey));
    bundle.put(prefix + "reload-on-update", "true");
    bundle.put("server.ssl.bundle", BUNDLE);
    environment.getPropertySources().addLast(new MapPropertySource("berthTls", bundle));
  }

  /**
   * A plain path names a file (Spring would otherwise look for it on the class path), which must be
   * readable now, so that a wrong path is one line at start-up; PEM text and locations with a
   * prefix ({@code file:}, {@code classpath:}) are kept as given.
   */
  private static String fileLocation(String setting, String location) {
    if (location.contains("-----BEGIN") || location.contains(":")) {
      return location;
    }
    if (!Files.isRegularFile(Path.of(location)) || !Files.isReadable(Path.of(location))) {
      throw new IllegalStateException(
          setting + ": " + location + " is not a readable file (a PEM file is expected)");
    }
    return "file:" + location;
  }

  /** After the configuration files are read, so that berth.tls.* may be set in them too. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
