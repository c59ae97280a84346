package dev.berth.registry.auth.web;

import dev.berth.registry.auth.CallerAuthentication;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.ForbiddenException;
import dev.berth.registry.auth.InvalidInputException;
import dev.berth.registry.auth.NotFoundException;
import dev.berth.registry.auth.project.PermissionService;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Shared model and error pages of the account-management pages. */
@ControllerAdvice(assignableTypes = {ProjectPages.class, UserPages.class, AuditPages.class})
@ConditionalOnAuthEnabled
class AdminPageAdvice {
  private final PermissionService permissions;

  AdminPageAdvice(PermissionService permissions) {
    this.permissions = permissions;
  }

  @ModelAttribute
  void common(Model model) {
    var caller = CallerAuthentication.current();
    model.addAttribute("me", caller.displayName());
    model.addAttribute("systemAdmin", permissions.isSystemAdmin(caller));
  }

  @ExceptionHandler(NotFoundException.class)
  String notFound(NotFoundException e, Model model, HttpServletResponse response) {
    return error(model, response, HttpServletResponse.SC_NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ForbiddenException.class)
  String forbidden(ForbiddenException e, Model model, HttpServletResponse response) {
    return error(model, response, HttpServletResponse.SC_FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(InvalidInputException.class)
  String invalid(InvalidInputException e, Model model, HttpServletResponse response) {
    return error(model, response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
  }

  private String error(Model model, HttpServletResponse response, int status, String message) {
    common(model);
    response.setStatus(status);
    model.addAttribute("status", status);
    model.addAttribute("message", message);
    return "auth/error";
  }
}
