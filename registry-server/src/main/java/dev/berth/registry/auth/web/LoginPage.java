package dev.berth.registry.auth.web;

import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in form; Spring Security processes its POST. */
@Controller
@ConditionalOnAuthEnabled
public class LoginPage {
  @GetMapping("/login")
  public String login(
      @RequestParam(name = "continue", required = false) String next,
      @RequestParam(required = false) String error,
      @RequestParam(required = false) String throttled,
      @RequestParam(required = false) String logout,
      Model model) {
    model.addAttribute("next", SafeRedirect.localPath(next).orElse(null));
    model.addAttribute("error", error != null);
    model.addAttribute("throttled", throttled != null);
    model.addAttribute("loggedOut", logout != null);
    return "auth/login";
  }
}
