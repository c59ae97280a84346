package dev.berth.registry.auth.project;

import java.util.regex.Pattern;

/** The project a repository belongs to: the first component of its name. */
public final class ProjectNames {
  /** One path component of the distribution-spec name grammar. */
  private static final Pattern COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");

  private ProjectNames() {}

  /** {@code team/app} → {@code team}; {@code app} → {@code app}. */
  public static String projectOf(String repository) {
    int slash = repository.indexOf('/');
    return slash < 0 ? repository : repository.substring(0, slash);
  }

  /** True when {@code name} can be a project: one component of a repository name. */
  public static boolean isValid(String name) {
    return name != null && name.length() <= 255 && COMPONENT.matcher(name).matches();
  }
}
