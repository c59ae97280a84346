package dev.berth.registry.auth.account;

import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.audit.AuditAction;
import dev.berth.registry.auth.audit.AuditLog;
import dev.berth.registry.auth.project.Projects;
import dev.berth.registry.auth.project.Robot;
import dev.berth.registry.auth.project.Robots;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a name and password (or robot secret) for every way of signing in: {@code /token}, Basic
 * auth on {@code /v2}, and the web form. Failures are throttled per account and per address and
 * written to the audit log.
 */
@Service
@ConditionalOnAuthEnabled
public class CredentialService {
  private final Accounts accounts;
  private final Projects projects;
  private final Robots robots;
  private final PasswordEncoder passwords;
  private final LoginThrottle throttle;
  private final AuditLog audit;

  /** Compared against when the account does not exist, so that lookups take the same time. */
  private final String decoyHash;

  public CredentialService(
      Accounts accounts,
      Projects projects,
      Robots robots,
      PasswordEncoder passwords,
      LoginThrottle throttle,
      AuditLog audit) {
    this.accounts = accounts;
    this.projects = projects;
    this.robots = robots;
    this.passwords = passwords;
    this.throttle = throttle;
    this.audit = audit;
    this.decoyHash = passwords.encode("decoy password that matches nothing");
  }

  /**
   * The caller these credentials identify.
   *
   * @param via how the caller signed in, for the audit log ({@code token}, {@code basic}, {@code
   *     form})
   * @throws LoginThrottledException when too many attempts failed recently
   * @throws LoginFailedException when the credentials are wrong
   */
  @Transactional(readOnly = true)
  public Caller authenticate(String username, String password, String address, String via) {
    String name = username == null ? "" : username;
    Duration wait = throttle.wait(name, address);
    if (!wait.isZero()) {
      audit.record(name, address, AuditAction.LOGIN_FAILED, null, name, "throttled", via);
      throw new LoginThrottledException(wait);
    }
    Optional<Caller> caller =
        name.startsWith(Robot.PREFIX) ? robot(name, password) : user(name, password);
    if (caller.isEmpty()) {
      throttle.failed(name, address);
      audit.record(name, address, AuditAction.LOGIN_FAILED, null, name, "failure", via);
      throw new LoginFailedException();
    }
    throttle.succeeded(name);
    audit.record(caller.get(), address, AuditAction.LOGIN, null, name, "success", via);
    return caller.get();
  }

  private Optional<Caller> user(String name, String password) {
    Optional<Account> account = accounts.findByUsername(name);
    String hash = account.map(Account::passwordHash).orElse(decoyHash);
    boolean matches = password != null && passwords.matches(password, hash);
    return account.isPresent() && matches ? Optional.of(Caller.user(name)) : Optional.empty();
  }

  private Optional<Caller> robot(String name, String secret) {
    String rest = name.substring(Robot.PREFIX.length());
    int plus = rest.indexOf('+');
    Optional<Robot> robot =
        plus <= 0
            ? Optional.empty()
            : projects
                .findByName(rest.substring(0, plus))
                .flatMap(p -> robots.findByProjectIdAndName(p.id(), rest.substring(plus + 1)));
    String hash = robot.map(Robot::secretHash).orElse(decoyHash);
    boolean matches = secret != null && passwords.matches(secret, hash);
    if (robot.isEmpty() || !matches || robot.get().expired(Instant.now())) {
      return Optional.empty();
    }
    return Optional.of(Caller.robot(name));
  }
}
