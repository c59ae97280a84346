package dev.berth.registry.auth.project;

import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.ForbiddenException;
import dev.berth.registry.auth.InvalidInputException;
import dev.berth.registry.auth.NotFoundException;
import dev.berth.registry.auth.account.Account;
import dev.berth.registry.auth.account.Accounts;
import dev.berth.registry.auth.audit.AuditAction;
import dev.berth.registry.auth.audit.AuditLog;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects and their members. Every operation checks the caller's permission in the project it
 * addresses, and a member addressed by id must belong to that project: ids of other projects are
 * not found.
 */
@Service
@ConditionalOnAuthEnabled
public class ProjectService {
  private final Projects projects;
  private final ProjectMembers members;
  private final Accounts accounts;
  private final PermissionService permissions;
  private final AuditLog audit;

  public ProjectService(
      Projects projects,
      ProjectMembers members,
      Accounts accounts,
      PermissionService permissions,
      AuditLog audit) {
    this.projects = projects;
    this.members = members;
    this.accounts = accounts;
    this.permissions = permissions;
    this.audit = audit;
  }

  /** A member row with the account's name, for display. */
  public record MemberView(long id, String username, Role role) {}

  /** Projects the caller is a member of, or all projects for system administrators. */
  @Transactional(readOnly = true)
  public List<Project> visibleTo(Caller caller) {
    if (permissions.isSystemAdmin(caller)) {
      return projects.findAllByOrderByNameAsc();
    }
    if (caller.kind() != Caller.Kind.USER) {
      return List.of();
    }
    return accounts
        .findByUsername(caller.name())
        .map(account -> projects.findByMember(account.id()))
        .orElse(List.of());
  }

  /**
   * The project, when the caller may see it (a member, an administrator, or any signed-in user for
   * a public project); otherwise not found, so private project names do not leak.
   */
  @Transactional(readOnly = true)
  public Project get(Caller caller, String name) {
    Project project =
        projects.findByName(name).orElseThrow(() -> new NotFoundException("no project " + name));
    if (permissions.permissions(caller, name).isEmpty()) {
      throw new NotFoundException("no project " + name);
    }
    return project;
  }

  /** The caller's permissions in a project. */
  public Set<Permission> permissionsIn(Caller caller, String name) {
    return permissions.permissions(caller, name);
  }

  /** Creates a project owned by the (signed-in user) caller. */
  @Transactional
  public Project create(Caller caller, String address, String name, boolean isPublic) {
    if (caller.kind() != Caller.Kind.USER) {
      throw new ForbiddenException("only users create projects");
    }
    if (!ProjectNames.isValid(name)) {
      throw new InvalidInputException(
          "a project name is one repository path component: lower-case letters and digits,"
              + " separated by '.', '_', '__' or dashes");
    }
    if (projects.findByName(name).isPresent()) {
      throw new InvalidInputException("the project " + name + " exists");
    }
    Account owner =
        accounts
            .findByUsername(caller.name())
            .orElseThrow(() -> new ForbiddenException("no such account"));
    Project project;
    try {
      project = projects.saveAndFlush(new Project(name, isPublic, Instant.now()));
    } catch (DataIntegrityViolationException raced) {
      throw new InvalidInputException("the project " + name + " exists");
    }
    members.save(new ProjectMember(project.id(), owner.id(), Role.OWNER, Instant.now()));
    permissions.invalidate();
    audit.record(
        caller,
        address,
        AuditAction.PROJECT_CREATED,
        name,
        name,
        "success",
        isPublic ? "public" : "private");
    return project;
  }

  /**
   * The project for a push by a system administrator, created (private, without members) when it
   * does not exist yet: administrators may push anywhere.
   */
  @Transactional
  public void ensureExistsForAdmin(Caller caller, String name) {
    if (!permissions.isSystemAdmin(caller)
        || !ProjectNames.isValid(name)
        || projects.findByName(name).isPresent()) {
      return;
    }
    try {
      projects.saveAndFlush(new Project(name, false, Instant.now()));
      permissions.invalidate();
      audit.record(caller, "", AuditAction.PROJECT_CREATED, name, name, "success", "on first push");
    } catch (DataIntegrityViolationException raced) {
      // created concurrently: fine
    }
  }

  /** Makes the project public or private. */
  @Transactional
  public void setPublic(Caller caller, String address, String name, boolean isPublic) {
    Project project = require(caller, name, Permission.MANAGE_MEMBERS);
    project.changeVisibility(isPublic);
    permissions.invalidate();
    audit.record(
        caller,
        address,
        AuditAction.PROJECT_CHANGED,
        name,
        name,
        "success",
        isPublic ? "made public" : "made private");
  }

  /** The project's members, by name. */
  @Transactional(readOnly = true)
  public List<MemberView> members(Caller caller, String name) {
    Project project = get(caller, name);
    List<ProjectMember> rows = members.findByProjectId(project.id());
    Map<Long, String> names =
        accounts.findAllById(rows.stream().map(ProjectMember::accountId).toList()).stream()
            .collect(Collectors.toMap(Account::id, Account::username));
    return rows.stream()
        .map(m -> new MemberView(m.id(), names.getOrDefault(m.accountId(), "?"), m.role()))
        .sorted(Comparator.comparing(MemberView::username))
        .toList();
  }

  /** Adds a user to the project, or changes the role of one already there. */
  @Transactional
  public void addMember(Caller caller, String address, String name, String username, Role role) {
    Project project = require(caller, name, Permission.MANAGE_MEMBERS);
    Account account =
        accounts
            .findByUsername(username == null ? "" : username.trim())
            .orElseThrow(() -> new InvalidInputException("no user " + username));
    if (account.username().equals(caller.name())) {
      return;
    }
    Optional<ProjectMember> existing =
        members.findByProjectIdAndAccountId(project.id(), account.id());
    if (existing.isPresent()) {
      changeRole(caller, address, project, existing.get(), account.username(), role);
      return;
    }
    members.save(new ProjectMember(project.id(), account.id(), role, Instant.now()));
    permissions.invalidate();
    audit.record(
        caller,
        address,
        AuditAction.MEMBER_ADDED,
        name,
        account.username(),
        "success",
        "role " + role.label());
  }

  /**
   * Changes a member's role. A member of another project is not found; a change of one's own role
   * is ignored (nobody promotes themselves, and an owner cannot strand the project by accident).
   */
  @Transactional
  public void changeRole(Caller caller, String address, String name, long memberId, Role role) {
    Project project = require(caller, name, Permission.MANAGE_MEMBERS);
    ProjectMember member = memberOf(project, memberId);
    String username = username(member);
    if (username.equals(caller.name())) {
      return;
    }
    changeRole(caller, address, project, member, username, role);
  }

  private void changeRole(
      Caller caller,
      String address,
      Project project,
      ProjectMember member,
      String username,
      Role role) {
    if (member.role() == role) {
      return;
    }
    Role before = member.role();
    member.changeRole(role);
    permissions.invalidate();
    audit.record(
        caller,
        address,
        AuditAction.MEMBER_ROLE_CHANGED,
        project.name(),
        username,
        "success",
        before.label() + " -> " + role.label());
  }

  /** Removes a member. A member of another project is not found. */
  @Transactional
  public void removeMember(Caller caller, String address, String name, long memberId) {
    Project project = require(caller, name, Permission.MANAGE_MEMBERS);
    ProjectMember member = memberOf(project, memberId);
    String username = username(member);
    if (username.equals(caller.name())) {
      throw new InvalidInputException("you cannot remove yourself");
    }
    members.delete(member);
    permissions.invalidate();
    audit.record(caller, address, AuditAction.MEMBER_REMOVED, name, username, "success", null);
  }

  /** The project when the caller has {@code permission} in it; not found when it cannot see it. */
  Project require(Caller caller, String name, Permission permission) {
    Project project = get(caller, name);
    if (!permissions.permissions(caller, name).contains(permission)) {
      throw new ForbiddenException("you may not do this in project " + name);
    }
    return project;
  }

  private ProjectMember memberOf(Project project, long memberId) {
    return members
        .findById(memberId)
        .filter(m -> m.projectId() == project.id())
        .orElseThrow(
            () -> new NotFoundException("no member " + memberId + " in " + project.name()));
  }

  private String username(ProjectMember member) {
    return accounts.findById(member.accountId()).map(Account::username).orElse("?");
  }
}
