package dev.berth.registry.api;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.manifest.ReferrersService;
import dev.berth.registry.proxy.PullThroughTags;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The base endpoint and the list endpoints: catalog, tags and referrers. */
@Component
class ListingHandler {
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final RepositoryService repositories;
  private final PullThroughTags pullThrough;
  private final ReferrersService referrers;
  private final RegistryProperties properties;

  ListingHandler(
      RepositoryService repositories,
      PullThroughTags pullThrough,
      ReferrersService referrers,
      RegistryProperties properties) {
    this.repositories = repositories;
    this.pullThrough = pullThrough;
    this.referrers = referrers;
    this.properties = properties;
  }

  void base(String method, HttpServletResponse response) throws IOException {
    requireGet(method, "/v2/");
    writeJson(response, method, EMPTY_OBJECT);
  }

  void catalog(String method, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    requireGet(method, "/v2/_catalog");
    Pagination page = Pagination.from(request, properties.paginationMax());
    RepositoryService.Page result = repositories.catalog(page.n(), page.last());
    if (result.more()) {
      response.setHeader(
          "Link", page.nextLink("/v2/_catalog", result.names().get(result.names().size() - 1)));
    }
    writeJson(response, method, json(Map.of("repositories", result.names())));
  }

  void tags(
      String method, RepositoryName name, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    requireGet(method, "tags/list");
    Pagination page = Pagination.from(request, properties.paginationMax());
    RepositoryService.Page result =
        pullThrough.list(name, page.n(), properties.paginationMax(), page.last());
    if (result.more()) {
      response.setHeader(
          "Link",
          page.nextLink(
              "/v2/" + name + "/tags/list", result.names().get(result.names().size() - 1)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name.value());
    body.put("tags", result.names());
    writeJson(response, method, json(body));
  }

  void referrers(
      String method,
      RepositoryName name,
      String reference,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    requireGet(method, "referrers");
    Digest subject = Digest.parse(reference);
    String artifactType = QueryParameters.of(request).first("artifactType").orElse(null);
    List<Descriptor> found = referrers.list(name, subject, artifactType);
    if (artifactType != null) {
      response.setHeader(ApiHeaders.OCI_FILTERS_APPLIED, "artifactType");
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaType.OCI_INDEX);
    index.put("manifests", found);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MediaType.OCI_INDEX);
    byte[] body = json(index);
    response.setContentLength(body.length);
    if (!"HEAD".equals(method)) {
      response.getOutputStream().write(body);
    }
  }

  private static void requireGet(String method, String endpoint) {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      throw RegistryApiController.unsupported(method, endpoint);
    }
  }

  private static byte[] json(Object value) {
    return OciJson.mapper().writeValueAsBytes(value);
  }

  private static void writeJson(HttpServletResponse response, String method, byte[] body)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    if (!"HEAD".equals(method)) {
      response.getOutputStream().write(body);
    }
  }
}
