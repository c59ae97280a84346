package dev.berth.registry.auth.web;

import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.CallerAuthentication;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.ForbiddenException;
import dev.berth.registry.auth.InvalidInputException;
import dev.berth.registry.auth.audit.AuditAction;
import dev.berth.registry.auth.audit.AuditEvent;
import dev.berth.registry.auth.audit.AuditFilter;
import dev.berth.registry.auth.audit.AuditLog;
import dev.berth.registry.auth.project.Permission;
import dev.berth.registry.auth.project.Project;
import dev.berth.registry.auth.project.ProjectService;
import dev.berth.registry.auth.project.RepositoryAction;
import dev.berth.registry.auth.project.RobotService;
import dev.berth.registry.auth.project.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Project pages: list and create projects, visibility, members and roles, robots, audit log. */
@Controller
@ConditionalOnAuthEnabled
public class ProjectPages {
  private final ProjectService projects;
  private final RobotService robots;
  private final AuditLog audit;

  public ProjectPages(ProjectService projects, RobotService robots, AuditLog audit) {
    this.projects = projects;
    this.robots = robots;
    this.audit = audit;
  }

  @GetMapping("/admin/projects")
  public String list(Model model) {
    model.addAttribute("projects", projects.visibleTo(CallerAuthentication.current()));
    return "auth/projects";
  }

  @PostMapping("/admin/projects")
  public String create(
      HttpServletRequest request,
      @RequestParam String name,
      @RequestParam(name = "public", defaultValue = "false") boolean isPublic) {
    Project project =
        projects.create(CallerAuthentication.current(), request.getRemoteAddr(), name, isPublic);
    return "redirect:/admin/projects/" + project.name();
  }

  @GetMapping("/admin/projects/{name}")
  public String show(@PathVariable String name, Model model) {
    Caller caller = CallerAuthentication.current();
    Project project = projects.get(caller, name);
    Set<Permission> mine = projects.permissionsIn(caller, name);
    model.addAttribute("project", project);
    model.addAttribute("permissions", mine);
    model.addAttribute("roles", Role.values());
    model.addAttribute("members", projects.members(caller, name));
    model.addAttribute(
        "robots", mine.contains(Permission.MANAGE_ROBOTS) ? robots.list(caller, name) : List.of());
    model.addAttribute("now", Instant.now());
    return "auth/project";
  }

  @PostMapping("/admin/projects/{name}/visibility")
  public String visibility(
      HttpServletRequest request,
      @PathVariable String name,
      @RequestParam(name = "public", defaultValue = "false") boolean isPublic) {
    projects.setPublic(CallerAuthentication.current(), request.getRemoteAddr(), name, isPublic);
    return "redirect:/admin/projects/" + name;
  }

  @PostMapping("/admin/projects/{name}/members")
  public String addMember(
      HttpServletRequest request,
      @PathVariable String name,
      @RequestParam String username,
      @RequestParam String role) {
    projects.addMember(
        CallerAuthentication.current(), request.getRemoteAddr(), name, username, role(role));
    return "redirect:/admin/projects/" + name;
  }

  @PostMapping("/admin/projects/{name}/members/{id}/role")
  public String changeRole(
      HttpServletRequest request,
      @PathVariable String name,
      @PathVariable long id,
      @RequestParam String role) {
    projects.changeRole(
        CallerAuthentication.current(), request.getRemoteAddr(), name, id, role(role));
    return "redirect:/admin/projects/" + name;
  }

  @PostMapping("/admin/projects/{name}/members/{id}/delete")
  public String removeMember(
      HttpServletRequest request, @PathVariable String name, @PathVariable long id) {
    projects.removeMember(CallerAuthentication.current(), request.getRemoteAddr(), name, id);
    return "redirect:/admin/projects/" + name;
  }

  @PostMapping("/admin/projects/{name}/robots")
  public String createRobot(
      HttpServletRequest request,
      @PathVariable String name,
      @RequestParam("robot") String robotName,
      @RequestParam(name = "actions", required = false) List<String> actions,
      @RequestParam(name = "expiresInDays", required = false) Integer expiresInDays,
      Model model) {
    Set<RepositoryAction> granted = EnumSet.noneOf(RepositoryAction.class);
    if (actions != null) {
      for (String action : actions) {
        granted.add(
            RepositoryAction.fromWire(action)
                .orElseThrow(() -> new InvalidInputException("unknown action " + action)));
      }
    }
    Instant expiresAt =
        expiresInDays == null || expiresInDays <= 0
            ? null
            : Instant.now().plus(Duration.ofDays(expiresInDays));
    RobotService.CreatedRobot created =
        robots.create(
            CallerAuthentication.current(),
            request.getRemoteAddr(),
            name,
            robotName,
            granted,
            expiresAt);
    model.addAttribute("projectName", name);
    model.addAttribute("created", created);
    return "auth/robot-created";
  }

  @PostMapping("/admin/projects/{name}/robots/{id}/delete")
  public String deleteRobot(
      HttpServletRequest request, @PathVariable String name, @PathVariable long id) {
    robots.delete(CallerAuthentication.current(), request.getRemoteAddr(), name, id);
    return "redirect:/admin/projects/" + name;
  }

  @GetMapping("/admin/projects/{name}/audit")
  public String projectAudit(
      @PathVariable String name,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String target,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    Caller caller = CallerAuthentication.current();
    projects.get(caller, name);
    if (!projects.permissionsIn(caller, name).contains(Permission.VIEW_AUDIT)) {
      throw new ForbiddenException("you may not read the audit log of " + name);
    }
    AuditFilter filter =
        new AuditFilter(actor, AuditPages.action(action), name, target, null, null);
    Page<AuditEvent> events = audit.find(filter, page, 100);
    model.addAttribute("events", events);
    model.addAttribute("filter", filter);
    model.addAttribute("actions", AuditAction.values());
    model.addAttribute("projectName", name);
    return "auth/audit";
  }

  private static Role role(String text) {
    try {
      return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("unknown role " + text);
    }
  }
}
