package dev.berth.registry.web;

import dev.berth.registry.catalog.RepositoryQueries;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The home page: every repository the caller may pull, searchable and browsable by namespace. */
@Controller
public class RepositoriesController {
  static final int PAGE_SIZE = 50;

  private final RepositoryQueries repositories;

  public RepositoriesController(RepositoryQueries repositories) {
    this.repositories = repositories;
  }

  /**
   * The list; a request from the live search ({@code X-Requested-With: fetch}) gets only the
   * results fragment.
   */
  @GetMapping("/")
  public String list(
      @RequestParam(defaultValue = "") String q,
      @RequestParam(defaultValue = "") String ns,
      @RequestParam(required = false) String sort,
      @RequestParam(defaultValue = "false") boolean reverse,
      @RequestParam(defaultValue = "1") int page,
      @RequestHeader(name = "X-Requested-With", required = false) String requestedWith,
      HttpServletRequest request,
      Model model) {
    RepositoryQueries.Sort order = RepositoryQueries.Sort.parse(sort);
    RepositoryQueries.Listing listing =
        repositories.list(
            new RepositoryQueries.Request(q, ns, order, reverse, page - 1, PAGE_SIZE));
    QueryLinks links = new QueryLinks(request);
    model.addAttribute("listing", listing);
    model.addAttribute("q", q);
    model.addAttribute("ns", ns);
    model.addAttribute("sort", order.name().toLowerCase(java.util.Locale.ROOT));
    model.addAttribute("reverse", reverse);
    model.addAttribute("links", links);
    model.addAttribute(
        "pager", new Pager(listing.page() + 1, listing.pages(), listing.total(), links));
    model.addAttribute("crumbs", crumbs(ns));
    return "fetch".equals(requestedWith) ? "repositories :: results" : "repositories";
  }

  /** One step of the namespace breadcrumb trail. */
  public record Crumb(String label, String url) {}

  static List<Crumb> crumbs(String namespace) {
    List<Crumb> crumbs = new ArrayList<>();
    String trimmed = namespace.replaceAll("^/+|/+$", "");
    if (trimmed.isEmpty()) {
      return crumbs;
    }
    StringBuilder path = new StringBuilder();
    for (String part : trimmed.split("/")) {
      if (path.length() > 0) {
        path.append('/');
      }
      path.append(part);
      crumbs.add(new Crumb(part, WebPaths.folder(path.toString())));
    }
    return crumbs;
  }
}
