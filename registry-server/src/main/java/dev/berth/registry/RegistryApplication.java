package dev.berth.registry;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Berth registry server. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RegistryApplication {
  public static void main(String[] args) {
    logThroughSlf4jDirectly();
    SpringApplication.run(RegistryApplication.class, args);
  }

  /**
   * Points Commons Logging (Spring's logging) and JBoss Logging (Hibernate's) straight at SLF4J,
   * where both end up anyway: left to look for themselves, they find the Log4j API on the class
   * path (there for Spring Boot's Log4j-to-SLF4J bridge) and load about 90 of its classes. A value
   * the caller set is kept.
   */
  private static void logThroughSlf4jDirectly() {
    Map.of(
            "org.apache.commons.logging.LogFactory",
            "org.apache.commons.logging.impl.Slf4jLogFactory",
            "org.jboss.logging.provider",
            "slf4j")
        .forEach(
            (property, value) -> {
              if (System.getProperty(property) == null) {
                System.setProperty(property, value);
              }
            });
  }
}
