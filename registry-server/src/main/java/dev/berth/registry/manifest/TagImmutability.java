package dev.berth.registry.manifest;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

/**
 * The tags that may not move once pushed ({@code berth.immutable-tags}), as in Harbor's tag
 * immutability rules. Each rule is {@code REPOSITORY:TAG} with {@code *} (within one path
 * component), {@code **} (any number of components) and {@code ?}, such as {@code release/**:v*}. A
 * tag a rule covers can be pushed once, and pushed again only with the same manifest; it cannot be
 * deleted, and neither can the manifest it points at.
 */
@Component
public class TagImmutability {
  private static final AntPathMatcher PATHS = new AntPathMatcher("/");

  private final List<Rule> rules;

  public TagImmutability(RegistryProperties properties) {
    this.rules = properties.immutableTags().stream().map(Rule::parse).toList();
  }

  /** True when {@code tag} of {@code repository} may not move or be deleted. */
  public boolean covers(RepositoryName repository, String tag) {
    for (Rule rule : rules) {
      if (rule.matches(repository.value(), tag)) {
        return true;
      }
    }
    return false;
  }

  /** Refuses with 403 DENIED when a rule covers one of {@code tags}. */
  public void requireMutable(RepositoryName repository, Collection<String> tags, String change) {
    for (String tag : tags) {
      if (covers(repository, tag)) {
        throw new RegistryException(
            ErrorCode.DENIED,
            "tag "
                + tag
                + " of "
                + repository.value()
                + " is immutable (berth.immutable-tags): it cannot be "
                + change,
            Map.of("tag", tag),
            Map.of());
      }
    }
  }

  private record Rule(String repository, String tag) {
    static Rule parse(String text) {
      String rule = text.strip();
      int colon = rule.lastIndexOf(':');
      if (colon <= 0 || colon == rule.length() - 1 || rule.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "berth.immutable-tags: '"
                + text
                + "' is not REPOSITORY:TAG (with * and ** wildcards, such as release/**:v*)");
      }
      return new Rule(rule.substring(0, colon), rule.substring(colon + 1));
    }

    boolean matches(String repositoryName, String tagName) {
      return PATHS.match(repository, repositoryName) && PATHS.match(tag, tagName);
    }
  }
}
