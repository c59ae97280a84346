package dev.berth.registry.config;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets an encoded slash ({@code %2F}) reach the API instead of being refused by Tomcat with a bare
 * 400, so that a name like {@code a%2Fb} gets the spec's NAME_INVALID error body.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatConfiguration {
  @Bean
  TomcatConnectorCustomizer encodedSlashPassThrough() {
    return connector -> connector.setEncodedSolidusHandling("passthrough");
  }
}
