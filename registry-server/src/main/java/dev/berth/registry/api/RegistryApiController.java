package dev.berth.registry.api;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one entry point of the distribution API. Repository names contain slashes, so the path is
 * parsed by {@link RouteParser} and the request handed to the endpoint's handler.
 */
@RestController
public class RegistryApiController {
  private final ManifestHandler manifests;
  private final BlobHandler blobs;
  private final UploadHandler uploads;
  private final ListingHandler listings;

  public RegistryApiController(
      ManifestHandler manifests,
      BlobHandler blobs,
      UploadHandler uploads,
      ListingHandler listings) {
    this.manifests = manifests;
    this.blobs = blobs;
    this.uploads = uploads;
    this.listings = listings;
  }

  @RequestMapping({"/v2", "/v2/", "/v2/**"})
  public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Route route =
        RouteParser.parse(request.getRequestURI())
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorCode.NOT_FOUND, "no API endpoint at " + request.getRequestURI()));
    String method = request.getMethod();
    switch (route.endpoint()) {
      case BASE -> listings.base(method, response);
      case CATALOG -> listings.catalog(method, request, response);
      case TAGS -> listings.tags(method, name(route), request, response);
      case REFERRERS ->
          listings.referrers(method, name(route), route.reference(), request, response);
      case MANIFEST -> manifests.handle(method, name(route), route.reference(), request, response);
      case BLOB -> blobs.handle(method, name(route), route.reference(), request, response);
      case UPLOADS -> uploads.start(method, name(route), request, response);
      case UPLOAD -> uploads.handle(method, name(route), route.reference(), request, response);
    }
  }

  private static RepositoryName name(Route route) {
    try {
      return new RepositoryName(route.name()); // checks the grammar, once
    } catch (IllegalArgumentException e) {
      String shown = route.name().length() > 300 ? route.name().substring(0, 300) : route.name();
      throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name: " + shown);
    }
  }

  /** The 405 answer for a method an endpoint does not take. */
  static RegistryException unsupported(String method, String endpoint) {
    return new RegistryException(
        ErrorCode.UNSUPPORTED, method + " is not supported on " + endpoint);
  }
}
