package dev.berth.registry.auth.account;

import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.ForbiddenException;
import dev.berth.registry.auth.InvalidInputException;
import dev.berth.registry.auth.NotFoundException;
import dev.berth.registry.auth.audit.AuditAction;
import dev.berth.registry.auth.audit.AuditLog;
import dev.berth.registry.auth.project.PermissionService;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** User accounts: created, changed and deleted by system administrators. */
@Service
@ConditionalOnAuthEnabled
public class AccountService {
  /** Lower-case names that can appear in an audit log and a URL without escaping. */
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private static final int MIN_PASSWORD = 8;

  private final Accounts accounts;
  private final PasswordEncoder passwords;
  private final PermissionService permissions;
  private final AuditLog audit;

  public AccountService(
      Accounts accounts, PasswordEncoder passwords, PermissionService permissions, AuditLog audit) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.permissions = permissions;
    this.audit = audit;
  }

  /** All accounts, for administrators. */
  @Transactional(readOnly = true)
  public List<Account> list(Caller caller) {
    requireAdmin(caller);
    return accounts.findAllByOrderByUsernameAsc();
  }

  /** Creates a user; only system administrators may. */
  @Transactional
  public Account create(
      Caller caller, String address, String username, String password, boolean systemAdmin) {
    requireAdmin(caller);
    Account created = createUnchecked(username, password, systemAdmin);
    audit.record(
        caller,
        address,
        AuditAction.USER_CREATED,
        null,
        username,
        "success",
        systemAdmin ? "system administrator" : null);
    return created;
  }

  /** Creates a user without an authorization check: for bootstrap and tests. */
  @Transactional
  public Account createUnchecked(String username, String password, boolean systemAdmin) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new InvalidInputException(
          "a username is 1-64 characters: lower-case letters, digits, '.', '_' and '-'");
    }
    requireStrong(password);
    if (accounts.findByUsername(username).isPresent()) {
      throw new InvalidInputException("the username " + username + " is taken");
    }
    try {
      return accounts.saveAndFlush(
          new Account(username, passwords.encode(password), systemAdmin, Instant.now()));
    } catch (DataIntegrityViolationException raced) {
      throw new InvalidInputException("the username " + username + " is taken");
    }
  }

  /** Sets a new password: administrators for anyone, users for themselves. */
  @Transactional
  public void changePassword(Caller caller, String address, String username, String password) {
    boolean self = caller.kind() == Caller.Kind.USER && caller.name().equals(username);
    if (!self) {
      requireAdmin(caller);
    }
    requireStrong(password);
    Account account = require(username);
    account.changePasswordHash(passwords.encode(password));
    audit.record(
        caller, address, AuditAction.USER_CHANGED, null, username, "success", "password changed");
  }

  /** Grants or revokes system administration; nobody changes their own. */
  @Transactional
  public void changeSystemAdmin(Caller caller, String address, String username, boolean admin) {
    requireAdmin(caller);
    if (caller.name().equals(username)) {
      return;
    }
    require(username).changeSystemAdmin(admin);
    permissions.invalidate();
    audit.record(
        caller,
        address,
        AuditAction.USER_CHANGED,
        null,
        username,
        "success",
        admin ? "made system administrator" : "no longer system administrator");
  }

  /** Deletes a user and their memberships; nobody deletes themselves. */
  @Transactional
  public void delete(Caller caller, String address, String username) {
    requireAdmin(caller);
    if (caller.name().equals(username)) {
      throw new InvalidInputException("you cannot delete your own account");
    }
    accounts.delete(require(username));
    permissions.invalidate();
    audit.record(caller, address, AuditAction.USER_DELETED, null, username, "success", null);
  }

  private Account require(String username) {
    return accounts
        .findByUsername(username)
        .orElseThrow(() -> new NotFoundException("no user " + username));
  }

  private void requireAdmin(Caller caller) {
    if (!permissions.isSystemAdmin(caller)) {
      throw new ForbiddenException("only system administrators manage users");
    }
  }

  private static void requireStrong(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new InvalidInputException("a password has at least " + MIN_PASSWORD + " characters");
    }
  }
}
