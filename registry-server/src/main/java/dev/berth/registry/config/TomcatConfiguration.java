package dev.berth.registry.config;

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

  /** Blobs are sent through large copied writes ({@link BlobSendingProtocol}). */
  @Bean
  WebServerFactoryCustomizer<TomcatWebServerFactory> blobSendingProtocol() {
    return factory -> factory.setProtocol(BlobSendingProtocol.class.getName());
  }
}
