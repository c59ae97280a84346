package dev.berth.registry.auth.web;

import dev.berth.registry.auth.CallerAuthentication;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.ForbiddenException;
import dev.berth.registry.auth.InvalidInputException;
import dev.berth.registry.auth.audit.AuditAction;
import dev.berth.registry.auth.audit.AuditEvent;
import dev.berth.registry.auth.audit.AuditFilter;
import dev.berth.registry.auth.audit.AuditLog;
import dev.berth.registry.auth.project.PermissionService;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The registry-wide audit log, for system administrators, filterable by every column. */
@Controller
@ConditionalOnAuthEnabled
public class AuditPages {
  private final AuditLog audit;
  private final PermissionService permissions;

  public AuditPages(AuditLog audit, PermissionService permissions) {
    this.audit = audit;
    this.permissions = permissions;
  }

  @GetMapping("/admin/audit")
  public String audit(
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String project,
      @RequestParam(required = false) String target,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    if (!permissions.isSystemAdmin(CallerAuthentication.current())) {
      throw new ForbiddenException("only system administrators read the whole audit log");
    }
    AuditFilter filter =
        new AuditFilter(actor, action(action), project, target, day(from, 0), day(to, 1));
    Page<AuditEvent> events = audit.find(filter, page, 100);
    model.addAttribute("events", events);
    model.addAttribute("filter", filter);
    model.addAttribute("actions", AuditAction.values());
    model.addAttribute("projectName", null);
    return "auth/audit";
  }

  static AuditAction action(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return AuditAction.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("unknown action " + text);
    }
  }

  private static Instant day(String text, int plusDays) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.trim())
          .plusDays(plusDays)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("dates are YYYY-MM-DD: " + text);
    }
  }
}
