package dev.berth.registry.api;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.manifest.ManifestPullListener;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.manifest.PutResult;
import dev.berth.registry.manifest.StoredManifest;
import dev.berth.registry.notify.Notifications;
import dev.berth.registry.proxy.PullThroughManifests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code /v2/<name>/manifests/<reference>}: GET, HEAD, PUT, DELETE. */
@Component
class ManifestHandler {
  private final ManifestService manifests;
  private final RegistryProperties properties;
  private final ManifestPullListener pulls;
  private final PullThroughManifests pullThrough;
  private final Notifications notifications;
  private final ManifestBodyBudget budget;

  ManifestHandler(
      ManifestService manifests,
      RegistryProperties properties,
      ManifestPullListener pulls,
      PullThroughManifests pullThrough,
      Notifications notifications,
      ManifestBodyBudget budget) {
    this.manifests = manifests;
    this.properties = properties;
    this.pulls = pulls;
    this.pullThrough = pullThrough;
    this.notifications = notifications;
    this.budget = budget;
  }

  void handle(
      String method,
      RepositoryName name,
      String reference,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    switch (method) {
      case "GET", "HEAD" -> get(method, name, reference, request, response);
      case "PUT" -> put(name, reference, request, response);
      case "DELETE" -> {
        manifests.delete(name, reference);
        notifications.manifestDeleted(request, name, reference);
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentLength(0);
      }
      default -> throw RegistryApiController.unsupported(method, "manifests");
    }
  }

  private void get(
      String method,
      RepositoryName name,
      String reference,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    pullThrough.refresh(name, reference);
    StoredManifest manifest = manifests.get(name, reference);
    String digest = manifest.digest().toString();
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(manifest.mediaType());
    response.setContentLength(manifest.content().length);
    response.setHeader(ApiHeaders.CONTENT_DIGEST, digest);
    response.setHeader("ETag", '"' + digest + '"');
    if ("GET".equals(method)) {
      // Recorded before the body goes out: once the last byte is written the client may already
      // have it, and whatever it does next (such as reading the pull time) must see this pull.
      pulls.pulled(name, manifest.digest());
      notifications.manifestPulled(
          request,
          name,
          manifest.digest(),
          manifest.mediaType(),
          manifest.content().length,
          ManifestService.isDigest(reference) ? null : reference);
      response.getOutputStream().write(manifest.content());
    }
  }

  private void put(
      RepositoryName name,
      String reference,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > properties.manifestMaxBytes()) {
      throw tooLarge(properties.manifestMaxBytes());
    }
    List<String> extraTags = QueryParameters.of(request).all("tag");
    PutResult result;
    try (ManifestBodyBudget.Share share = budget.reserve(declared)) {
      byte[] body = readLimited(request, properties.manifestMaxBytes());
      result = manifests.put(name, reference, request.getContentType(), body, extraTags);
    }
    notifications.manifestPushed(
        request, name, result.digest(), result.mediaType(), result.size(), result.tags());
    String digest = result.digest().toString();
    response.setStatus(HttpServletResponse.SC_CREATED);
    response.setHeader("Location", "/v2/" + name + "/manifests/" + digest);
    response.setHeader(ApiHeaders.CONTENT_DIGEST, digest);
    if (result.subject() != null) {
      response.setHeader(ApiHeaders.OCI_SUBJECT, result.subject().toString());
    }
    for (String tag : result.tags()) {
      response.addHeader(ApiHeaders.OCI_TAG, tag);
    }
    response.setContentLength(0);
  }

  /** Reads the body, refusing (413) one larger than {@code max} without buffering it all. */
  private static byte[] readLimited(HttpServletRequest request, long max) throws IOException {
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes((int) max + 1);
      if (body.length > max) {
        throw tooLarge(max);
      }
      return body;
    }
  }

  private static RegistryException tooLarge(long max) {
    return new RegistryException(
        ErrorCode.MANIFEST_TOO_LARGE, "manifest exceeds the limit of " + max + " bytes");
  }
}
