package dev.berth.registry.web;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the formatting and link helpers into every UI model as plain variables. Thymeleaf forbids
 * bean references ({@code @bean}) and static calls in link attributes, so templates reach them as
 * {@code fmt} and {@code paths}.
 */
@ControllerAdvice(basePackageClasses = WebModel.class)
public class WebModel {
  private final Formats formats;
  private final TemplatePaths paths;

  public WebModel(Formats formats, TemplatePaths paths) {
    this.formats = formats;
    this.paths = paths;
  }

  @ModelAttribute("fmt")
  public Formats fmt() {
    return formats;
  }

  @ModelAttribute("paths")
  public TemplatePaths paths() {
    return paths;
  }
}
