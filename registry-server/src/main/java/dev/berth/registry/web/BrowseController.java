package dev.berth.registry.web;

import dev.berth.oci.Digest;
import dev.berth.oci.Tag;
import dev.berth.registry.access.RepositoryAccess;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.config.GcProperties;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.files.ImageFileService;
import dev.berth.registry.files.LayerChanges;
import dev.berth.registry.files.LayerEntry;
import dev.berth.registry.files.LayerIndexer;
import dev.berth.registry.files.MergedTree;
import dev.berth.registry.manifest.ImageDetails;
import dev.berth.registry.manifest.ImageDetailsService;
import dev.berth.registry.manifest.TagImmutability;
import dev.berth.registry.manifest.TagQueries;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Every read-only page under {@code /r/}: a repository's tags, an image, its files and layers, and
 * file downloads. Repository names contain slashes, so one mapping takes the rest of the path and
 * {@link WebRoute} parses it.
 */
@Controller
public class BrowseController {
  static final int TAG_PAGE_SIZE = 50;
  static final int CHANGES_PAGE_SIZE = 500;
  static final int UNTAGGED_LIMIT = 200;

  private final TagQueries tags;
  private final ImageDetailsService images;
  private final ImageFileService files;
  private final RegistryProperties properties;
  private final RepositoryAccess access;
  private final TagImmutability immutability;
  private final GcProperties gc;
  private final BlobService blobs;

  public BrowseController(
      TagQueries tags,
      ImageDetailsService images,
      ImageFileService files,
      RegistryProperties properties,
      RepositoryAccess access,
      TagImmutability immutability,
      GcProperties gc,
      BlobService blobs) {
    this.tags = tags;
    this.images = images;
    this.files = files;
    this.properties = properties;
    this.access = access;
    this.immutability = immutability;
    this.gc = gc;
    this.blobs = blobs;
  }

  /** Dispatches to the page {@code rest} names. */
  @GetMapping("/r/{*rest}")
  public Object page(
      @PathVariable String rest,
      @RequestParam(required = false) String sort,
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "false") boolean untagged,
      @RequestParam(required = false) String tag,
      @RequestParam(defaultValue = "") String path,
      @RequestParam(required = false) String deleted,
      @RequestParam(defaultValue = "0") int removedTags,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model)
      throws IOException {
    WebRoute route = WebRoute.parse(rest).orElseThrow(() -> notFound(request));
    requireVisible(route, access);
    model.addAttribute("name", route.repository().value());
    model.addAttribute("host", host(request));
    model.addAttribute("deleteEnabled", properties.deletesAllowed());
    model.addAttribute("crumbs", RepositoriesController.crumbs(route.repository().namespace()));
    model.addAttribute(
        "mirrorOf",
        properties.proxy().covers(route.repository())
            ? properties.proxy().remoteUrl().toString()
            : null);
    return switch (route.page()) {
      case REPOSITORY -> {
        if (deleted != null && (Tag.isValid(deleted) || Digest.isValid(deleted))) {
          model.addAttribute("deleted", deleted);
          model.addAttribute("removedTags", removedTags);
        }
        yield repository(route, sort, page, untagged, request, model);
      }
      case TAG ->
          "redirect:"
              + WebPaths.manifest(
                  route.repository().value(),
                  images.resolve(route.repository(), route.tag()).toString(),
                  route.tag());
      case MANIFEST -> manifest(route, tag, model);
      case FILES -> files(route, path, model);
      case LAYER -> layer(route, page, request, model);
      case DOWNLOAD -> download(route, path, response);
      case TAG_DELETE -> confirmTagDelete(route, model);
      case MANIFEST_DELETE -> confirmManifestDelete(route, model);
    };
  }

  private String repository(
      WebRoute route,
      String sort,
      int page,
      boolean untagged,
      HttpServletRequest request,
      Model model) {
    TagQueries.Sort order = TagQueries.Sort.parse(sort);
    TagQueries.TagPage tagPage = tags.tags(route.repository(), order, page - 1, TAG_PAGE_SIZE);
    QueryLinks links = new QueryLinks(request);
    model.addAttribute("tags", tagPage);
    model.addAttribute(
        "immutable",
        tagPage.rows().stream()
            .map(TagQueries.TagRow::name)
            .filter(tag -> immutability.covers(route.repository(), tag))
            .collect(Collectors.toSet()));
    model.addAttribute("sort", order.name().toLowerCase(Locale.ROOT));
    model.addAttribute("links", links);
    model.addAttribute(
        "pager", new Pager(tagPage.page() + 1, tagPage.pages(), tagPage.total(), links));
    boolean showUntagged = untagged || tagPage.total() == 0;
    model.addAttribute("showUntagged", showUntagged);
    model.addAttribute(
        "untagged", showUntagged ? tags.untagged(route.repository(), UNTAGGED_LIMIT) : List.of());
    return "repository";
  }

  private String manifest(WebRoute route, String tag, Model model) {
    ImageDetails details = images.details(route.repository(), route.digest());
    model.addAttribute("image", details);
    model.addAttribute(
        "immutableTags",
        details.tags().stream().filter(t -> immutability.covers(route.repository(), t)).toList());
    model.addAttribute("tag", tag != null && details.tags().contains(tag) ? tag : null);
    return "image";
  }

  private String files(WebRoute route, String path, Model model) {
    ImageDetails details = images.details(route.repository(), route.digest());
    String normalised =
        LayerIndexer.normalise(path).orElseThrow(() -> badRequest("a path may not contain .."));
    MergedTree tree = files.tree(route.repository(), route.digest());
    MergedTree.Node node =
        tree.get(normalised)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorCode.NOT_FOUND, "/" + normalised + " is not in this image"));
    boolean directory = node.entry().type() == LayerEntry.Type.DIRECTORY;
    String directoryPath = directory ? normalised : node.entry().parent();
    model.addAttribute("image", details);
    model.addAttribute("tree", tree);
    model.addAttribute("node", node);
    model.addAttribute("selected", directory ? null : node);
    model.addAttribute(
        "selectedTarget", directory ? null : tree.resolveHardlink(node).orElse(null));
    model.addAttribute("directory", directoryPath);
    model.addAttribute("children", tree.children(directoryPath));
    model.addAttribute("pathCrumbs", pathCrumbs(route, directoryPath));
    return "files";
  }

  private String layer(WebRoute route, int page, HttpServletRequest request, Model model) {
    ImageDetails details = images.details(route.repository(), route.digest());
    LayerChanges changes = files.changes(route.repository(), route.digest(), route.layer() - 1);
    int pages = Math.max(1, (changes.changes().size() + CHANGES_PAGE_SIZE - 1) / CHANGES_PAGE_SIZE);
    int current = Math.max(1, Math.min(page, pages));
    List<LayerChanges.Change> shown =
        changes
            .changes()
            .subList(
                (current - 1) * CHANGES_PAGE_SIZE,
                Math.min(changes.changes().size(), current * CHANGES_PAGE_SIZE));
    model.addAttribute("image", details);
    model.addAttribute("layer", details.layers().get(route.layer() - 1));
    model.addAttribute("number", route.layer());
    model.addAttribute("changes", changes);
    model.addAttribute("shown", shown);
    model.addAttribute(
        "pager", new Pager(current, pages, changes.changes().size(), new QueryLinks(request)));
    return "layer";
  }

  /**
   * Streams one file of the image as an attachment. Never rendered inline: whatever the bytes are,
   * the browser saves them instead of interpreting them as HTML or script.
   */
  private Object download(WebRoute route, String path, HttpServletResponse response)
      throws IOException {
    ImageFileService.FileDownload file = files.file(route.repository(), route.digest(), path);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    response.setContentLengthLong(file.size());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment()
            .filename(file.name(), StandardCharsets.UTF_8)
            .build()
            .toString());
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    files.write(file, response.getOutputStream());
    return null;
  }

  private String confirmTagDelete(WebRoute route, Model model) {
    blobs.requireDeletable();
    immutability.requireMutable(route.repository(), List.of(route.tag()), "deleted");
    String digest = images.resolve(route.repository(), route.tag()).toString();
    model.addAttribute("kind", "tag");
    model.addAttribute("untaggedAfter", gc.untaggedAfter());
    model.addAttribute("tag", route.tag());
    model.addAttribute("digest", digest);
    model.addAttribute("otherTags", tags.tagsOf(route.repository(), digest).size() - 1);
    model.addAttribute("action", WebPaths.deleteTag(route.repository().value(), route.tag()));
    return "delete";
  }

  private String confirmManifestDelete(WebRoute route, Model model) {
    blobs.requireDeletable();
    ImageDetails details = images.details(route.repository(), route.digest());
    immutability.requireMutable(route.repository(), details.tags(), "deleted, nor its manifest");
    model.addAttribute("kind", "manifest");
    model.addAttribute("reclaimWithin", gc.reclaimWithin());
    model.addAttribute("digest", route.digest().toString());
    model.addAttribute("image", details);
    model.addAttribute(
        "action", WebPaths.deleteManifest(route.repository().value(), route.digest().toString()));
    return "delete";
  }

  /** One step of the path breadcrumb in the file browser. */
  public record PathCrumb(String label, String url) {}

  private static List<PathCrumb> pathCrumbs(WebRoute route, String directory) {
    String name = route.repository().value();
    String digest = route.digest().toString();
    List<PathCrumb> crumbs = new java.util.ArrayList<>();
    crumbs.add(new PathCrumb("/", WebPaths.files(name, digest, "")));
    if (!directory.isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (String part : directory.split("/")) {
        if (path.length() > 0) {
          path.append('/');
        }
        path.append(part);
        crumbs.add(new PathCrumb(part, WebPaths.files(name, digest, path.toString())));
      }
    }
    return crumbs;
  }

  static String host(HttpServletRequest request) {
    int port = request.getServerPort();
    boolean defaultPort =
        ("http".equals(request.getScheme()) && port == 80)
            || ("https".equals(request.getScheme()) && port == 443);
    return request.getServerName() + (defaultPort ? "" : ":" + port);
  }

  /**
   * A repository the caller may not pull reads as unknown, exactly as if it did not exist, so the
   * UI never confirms that a hidden repository is there.
   */
  static void requireVisible(WebRoute route, RepositoryAccess access) {
    if (!access.canPull(route.repository().value())) {
      throw new RegistryException(
          ErrorCode.NAME_UNKNOWN, "repository unknown: " + route.repository());
    }
  }

  private static RegistryException notFound(HttpServletRequest request) {
    return new RegistryException(ErrorCode.NOT_FOUND, "no page at " + request.getRequestURI());
  }

  private static IllegalArgumentException badRequest(String message) {
    return new IllegalArgumentException(message);
  }
}
