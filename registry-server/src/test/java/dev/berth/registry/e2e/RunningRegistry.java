package dev.berth.registry.e2e;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The registry on a random loopback port with its embedded defaults (H2 and files) in a fresh data
 * directory under {@code target/}. Every end-to-end class that extends this shares one running
 * server (one Spring context), so the suite starts it once; tests use their own repositories.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RequestLog.Configuration.class)
abstract class RunningRegistry {
  private static final Path DATA_DIR =
      Path.of("target", "e2e-registry-" + UUID.randomUUID()).toAbsolutePath();

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) {
    properties.add("berth.data-dir", DATA_DIR::toString);
  }

  @LocalServerPort int port;
  @Autowired RequestLog requests;

  /** {@code 127.0.0.1:PORT/NAME}, as clients write an image reference. */
  String reference(String nameAndTag) {
    return "127.0.0.1:" + port + "/" + nameAndTag;
  }
}
