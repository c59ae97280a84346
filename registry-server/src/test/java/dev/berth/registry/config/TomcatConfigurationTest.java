package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

class TomcatConfigurationTest {
  @Test
  void copy_namesTheBlobSendingProtocol() {
    assertThat(protocolFor("copy")).isEqualTo(BlobSendingProtocol.class.getName());
  }

  @Test
  void sendfile_namesTomcatsOwnProtocol_whateverTheCase() {
    assertThat(protocolFor("sendfile")).isEqualTo(Http11NioProtocol.class.getName());
    assertThat(protocolFor(" SendFile ")).isEqualTo(Http11NioProtocol.class.getName());
  }

  @Test
  void anythingElse_stopsTheStart_sayingWhatIsAllowed() {
    assertThatThrownBy(() -> protocolFor("zero-copy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("berth.blob-sending must be copy or sendfile, not 'zero-copy'");
  }

  private static String protocolFor(String blobSending) {
    TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
    new TomcatConfiguration().blobSending(blobSending).customize(factory);
    return factory.getProtocol();
  }
}
