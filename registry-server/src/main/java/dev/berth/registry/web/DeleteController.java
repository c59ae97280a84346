package dev.berth.registry.web;

import dev.berth.registry.access.RepositoryAccess;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.notify.Notifications;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Performs the deletions the confirmation pages ask for, through {@link ManifestService#delete} so
 * that the API and the UI share one rule (including {@code berth.delete-enabled}).
 */
@Controller
public class DeleteController {
  private final ManifestService manifests;
  private final RepositoryAccess access;
  private final Notifications notifications;

  public DeleteController(
      ManifestService manifests, RepositoryAccess access, Notifications notifications) {
    this.manifests = manifests;
    this.access = access;
    this.notifications = notifications;
  }

  /** Deletes the tag or manifest that {@code rest} names, then shows the repository. */
  @PostMapping("/r/{*rest}")
  public String delete(@PathVariable String rest, HttpServletRequest request) {
    WebRoute route =
        WebRoute.parse(rest)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorCode.NOT_FOUND, "nothing to delete at " + request.getRequestURI()));
    BrowseController.requireVisible(route, access);
    List<String> removed =
        switch (route.page()) {
          case TAG_DELETE -> manifests.delete(route.repository(), route.tag());
          case MANIFEST_DELETE -> manifests.delete(route.repository(), route.digest().toString());
          default ->
              throw new RegistryException(
                  ErrorCode.UNSUPPORTED, "POST is not supported on " + request.getRequestURI());
        };
    // The outcome travels in the redirect's query (validated again when shown), not a session.
    String deleted =
        route.page() == WebRoute.Page.TAG_DELETE ? route.tag() : route.digest().toString();
    notifications.manifestDeleted(request, route.repository(), deleted);
    return "redirect:"
        + WebPaths.repository(route.repository().value())
        + "?deleted="
        + WebPaths.encode(deleted)
        + "&removedTags="
        + removed.size();
  }
}
