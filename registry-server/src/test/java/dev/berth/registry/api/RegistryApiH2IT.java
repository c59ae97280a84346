package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.registry.config.BlobSendingProtocol;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API suite on the embedded default: H2 and the filesystem store. */
class RegistryApiH2IT extends AbstractRegistryApiIT {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
  }

  @Autowired WebServerApplicationContext context;

  @Test
  void blobGet_goesThroughTheBlobSendingConnector_andComesBackExact() {
    byte[] content = new byte[3 * 1024 * 1024 + 5];
    new Random(7).nextBytes(content);
    Digest digest = client.pushBlob(repo, content);

    HttpResponse<byte[]> response = client.get("/v2/" + repo + "/blobs/" + digest);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    TomcatWebServer server = (TomcatWebServer) context.getWebServer();
    assertThat(server.getTomcat().getConnector().getProtocolHandler())
        .isInstanceOf(BlobSendingProtocol.class);
  }
}
