package dev.berth.registry.config;

import java.util.Locale;
import org.apache.coyote.http11.Http11NioProtocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the registry's Tomcat connector differs from Spring Boot's. */
@Configuration(proxyBeanMethods = false)
public class TomcatConfiguration {
  /**
   * Lets an encoded slash ({@code %2F}) reach the API instead of being refused by Tomcat with a
   * bare 400, so that a name like {@code a%2Fb} gets the spec's NAME_INVALID error body.
   */
  @Bean
  TomcatConnectorCustomizer encodedSlashPassThrough() {
    return connector -> connector.setEncodedSolidusHandling("passthrough");
  }

  /**
   * How blob files go to the socket, from {@code berth.blob-sending}: {@code copy} (the default) in
   * 1 MiB writes ({@link BlobSendingProtocol}: faster pulls for clients on the same host, at some
   * 0.4 s of CPU per GiB), or {@code sendfile} (Tomcat's zero-copy path: the least CPU, for clients
   * that all come over the network).
   */
  @Bean
  WebServerFactoryCustomizer<TomcatWebServerFactory> blobSending(
      @Value("${berth.blob-sending:copy}") String blobSending) {
    String protocol =
        switch (blobSending.trim().toLowerCase(Locale.ROOT)) {
          case "copy" -> BlobSendingProtocol.class.getName();
          case "sendfile" -> Http11NioProtocol.class.getName();
          default ->
              throw new IllegalArgumentException(
                  "berth.blob-sending must be copy or sendfile, not '" + blobSending + "'");
        };
    return factory -> factory.setProtocol(protocol);
  }
}
