package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.BlobSendingProtocol;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every skopeo round trip again, with {@code berth.blob-sending=sendfile}: blobs go out through
 * Tomcat's own zero-copy path instead of {@code BlobSendingProtocol}'s copies.
 */
class SkopeoSendfileIT extends SkopeoIT {
  @DynamicPropertySource
  static void sendfile(DynamicPropertyRegistry properties) {
    properties.add("berth.blob-sending", () -> "sendfile");
    // A database of its own: SkopeoIT's context shares RunningRegistry's data directory, and
    // its repositories must not already exist here (nor ours there).
    Path database =
        Path.of("target", "e2e-registry-sendfile-" + UUID.randomUUID()).toAbsolutePath();
    properties.add(
        "spring.datasource.url",
        () -> "jdbc:h2:file:" + database + "/db/berth;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
  }

  @Autowired WebServerApplicationContext context;

  @Test
  void theConnector_isTomcatsOwn() {
    TomcatWebServer server = (TomcatWebServer) context.getWebServer();
    assertThat(server.getTomcat().getConnector().getProtocolHandler())
        .isExactlyInstanceOf(Http11NioProtocol.class)
        .isNotInstanceOf(BlobSendingProtocol.class);
  }
}
