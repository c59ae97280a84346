package dev.berth.registry.auth.project;

import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.InvalidInputException;
import dev.berth.registry.auth.NotFoundException;
import dev.berth.registry.auth.audit.AuditAction;
import dev.berth.registry.auth.audit.AuditLog;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Robot accounts of a project, for CI and agents. The secret is generated here, returned once, and
 * kept only as a hash.
 */
@Service
@ConditionalOnAuthEnabled
public class RobotService {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final Robots robots;
  private final ProjectService projects;
  private final PermissionService permissions;
  private final PasswordEncoder passwords;
  private final AuditLog audit;
  private final SecureRandom random = new SecureRandom();

  public RobotService(
      Robots robots,
      ProjectService projects,
      PermissionService permissions,
      PasswordEncoder passwords,
      AuditLog audit) {
    this.robots = robots;
    this.projects = projects;
    this.permissions = permissions;
    this.passwords = passwords;
    this.audit = audit;
  }

  /**
   * A robot just created: the account name to log in with and the secret, shown once.
   *
   * @param robot the stored robot
   * @param accountName {@code robot$<project>+<name>}
   * @param secret the only copy of the secret
   */
  public record CreatedRobot(Robot robot, String accountName, String secret) {}

  /** The project's robots. */
  @Transactional(readOnly = true)
  public List<Robot> list(Caller caller, String project) {
    Project found = projects.require(caller, project, Permission.MANAGE_ROBOTS);
    return robots.findByProjectIdOrderByNameAsc(found.id());
  }

  /** Creates a robot with the given actions in the project, expiring at {@code expiresAt}. */
  @Transactional
  public CreatedRobot create(
      Caller caller,
      String address,
      String project,
      String name,
      Set<RepositoryAction> actions,
      Instant expiresAt) {
    Project found = projects.require(caller, project, Permission.MANAGE_ROBOTS);
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "a robot name is 1-64 characters: lower-case letters, digits, '.', '_' and '-'");
    }
    if (actions.isEmpty()) {
      throw new InvalidInputException("a robot needs at least one permission");
    }
    if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
      throw new InvalidInputException("the expiry must be in the future");
    }
    if (robots.findByProjectIdAndName(found.id(), name).isPresent()) {
      throw new InvalidInputException("the robot " + name + " exists");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Robot robot;
    try {
      robot =
          robots.saveAndFlush(
              new Robot(
                  found.id(),
                  name,
                  passwords.encode(secret),
                  actions,
                  expiresAt,
                  caller.displayName(),
                  Instant.now()));
    } catch (DataIntegrityViolationException raced) {
      throw new InvalidInputException("the robot " + name + " exists");
    }
    permissions.invalidate();
    String accountName = Robot.accountName(project, name);
    audit.record(
        caller,
        address,
        AuditAction.ROBOT_CREATED,
        project,
        accountName,
        "success",
        actions.stream().map(RepositoryAction::wire).sorted().collect(Collectors.joining(","))
            + (expiresAt == null ? ", never expires" : ", expires " + expiresAt));
    return new CreatedRobot(robot, accountName, secret);
  }

  /** Deletes a robot. A robot of another project is not found. */
  @Transactional
  public void delete(Caller caller, String address, String project, long robotId) {
    Project found = projects.require(caller, project, Permission.MANAGE_ROBOTS);
    Robot robot =
        robots
            .findById(robotId)
            .filter(r -> r.projectId() == found.id())
            .orElseThrow(() -> new NotFoundException("no robot " + robotId + " in " + project));
    robots.delete(robot);
    permissions.invalidate();
    audit.record(
        caller,
        address,
        AuditAction.ROBOT_DELETED,
        project,
        Robot.accountName(project, robot.name()),
        "success",
        null);
  }
}
