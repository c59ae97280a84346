package dev.berth.registry.auth.account;

import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the {@code admin} account on the first start, when no account exists. There is no default
 * password: it comes from {@code berth.auth.admin-password}, or is generated and printed once in
 * the log.
 */
@Component
@ConditionalOnAuthEnabled
class AdminBootstrap implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
  static final String ADMIN = "admin";

  private final Accounts accounts;
  private final AccountService service;
  private final AuthProperties properties;

  AdminBootstrap(Accounts accounts, AccountService service, AuthProperties properties) {
    this.accounts = accounts;
    this.service = service;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (accounts.count() > 0) {
      return;
    }
    String configured = properties.adminPassword();
    if (configured != null && !configured.isEmpty()) {
      service.createUnchecked(ADMIN, configured, true);
      log.info("created the system administrator '{}' with the configured password", ADMIN);
      return;
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    service.createUnchecked(ADMIN, generated, true);
    log.warn(
        "created the system administrator '{}' with the generated password: {}"
            + " (shown only this once; change it after signing in)",
        ADMIN,
        generated);
  }
}
