package dev.berth.registry.auth.web;

import dev.berth.registry.auth.CallerAuthentication;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.account.AccountService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** User administration (system administrators) and one's own password. */
@Controller
@ConditionalOnAuthEnabled
public class UserPages {
  private final AccountService accounts;

  public UserPages(AccountService accounts) {
    this.accounts = accounts;
  }

  @GetMapping("/admin/users")
  public String list(Model model) {
    model.addAttribute("users", accounts.list(CallerAuthentication.current()));
    return "auth/users";
  }

  @PostMapping("/admin/users")
  public String create(
      HttpServletRequest request,
      @RequestParam String username,
      @RequestParam String password,
      @RequestParam(name = "systemAdmin", defaultValue = "false") boolean systemAdmin) {
    accounts.create(
        CallerAuthentication.current(), request.getRemoteAddr(), username, password, systemAdmin);
    return "redirect:/admin/users";
  }

  @PostMapping("/admin/users/{username}/admin")
  public String changeAdmin(
      HttpServletRequest request,
      @PathVariable String username,
      @RequestParam(name = "systemAdmin", defaultValue = "false") boolean systemAdmin) {
    accounts.changeSystemAdmin(
        CallerAuthentication.current(), request.getRemoteAddr(), username, systemAdmin);
    return "redirect:/admin/users";
  }

  @PostMapping("/admin/users/{username}/password")
  public String changePassword(
      HttpServletRequest request, @PathVariable String username, @RequestParam String password) {
    accounts.changePassword(
        CallerAuthentication.current(), request.getRemoteAddr(), username, password);
    return "redirect:/admin/users";
  }

  @PostMapping("/admin/users/{username}/delete")
  public String delete(HttpServletRequest request, @PathVariable String username) {
    accounts.delete(CallerAuthentication.current(), request.getRemoteAddr(), username);
    return "redirect:/admin/users";
  }

  @GetMapping("/admin/account")
  public String account() {
    return "auth/account";
  }

  @PostMapping("/admin/account/password")
  public String changeOwnPassword(HttpServletRequest request, @RequestParam String password) {
    var caller = CallerAuthentication.current();
    accounts.changePassword(caller, request.getRemoteAddr(), caller.name(), password);
    return "redirect:/admin/account?changed";
  }
}
