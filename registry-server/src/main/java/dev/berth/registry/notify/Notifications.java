package dev.berth.registry.notify;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.manifest.ManifestService;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The registry's events (pushes, pulls, mounts and deletes of manifests and blobs), sent to the
 * listeners of {@code berth.notifications.endpoints} in distribution's format. With no listener
 * configured every method returns at once, before building anything.
 */
@Component
public class Notifications implements SmartLifecycle {
  /** The media type distribution gives blob targets: a blob's own type is not known to the API. */
  static final String BLOB_MEDIA_TYPE = "application/octet-stream";

  private static final String REQUEST_ID = Notifications.class.getName() + ".requestId";
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final NotificationProperties properties;
  private final String instanceId = UUID.randomUUID().toString();
  private final String hostName = hostName();
  private volatile List<EndpointSink> sinks = List.of();

  public Notifications(NotificationProperties properties) {
    this.properties = properties;
  }

  /** Whether any listener is configured. */
  public boolean enabled() {
    return !properties.endpoints().isEmpty();
  }

  /** A manifest was pushed; one event per tag it was pushed with, or one without a tag. */
  public void manifestPushed(
      HttpServletRequest request,
      RepositoryName repository,
      Digest digest,
      String mediaType,
      long size,
      List<String> tags) {
    if (!enabled()) {
      return;
    }
    if (tags.isEmpty()) {
      publish(
          request, EventAction.PUSH, manifest(request, repository, digest, mediaType, size, null));
    }
    for (String tag : tags) {
      publish(
          request, EventAction.PUSH, manifest(request, repository, digest, mediaType, size, tag));
    }
  }

  /** A manifest was served to a GET, by tag ({@code tag} set) or by digest. */
  public void manifestPulled(
      HttpServletRequest request,
      RepositoryName repository,
      Digest digest,
      String mediaType,
      long size,
      String tag) {
    if (enabled()) {
      publish(
          request, EventAction.PULL, manifest(request, repository, digest, mediaType, size, tag));
    }
  }

  /** A manifest was deleted by digest, or a tag was deleted ({@code reference} is then the tag). */
  public void manifestDeleted(
      HttpServletRequest request, RepositoryName repository, String reference) {
    if (!enabled()) {
      return;
    }
    boolean byDigest = ManifestService.isDigest(reference);
    publish(
        request,
        EventAction.DELETE,
        new RegistryEvent.Target(
            null,
            null,
            byDigest ? reference : null,
            null,
            repository.value(),
            null,
            byDigest ? url(request, repository, "manifests", reference) : null,
            byDigest ? null : reference));
  }

  /** A blob upload was completed. {@code size} is asked only when a listener is configured. */
  public void blobPushed(
      HttpServletRequest request, RepositoryName repository, Digest digest, LongSupplier size) {
    if (enabled()) {
      publish(request, EventAction.PUSH, blob(request, repository, digest, size.getAsLong(), null));
    }
  }

  /** A blob was mounted from another repository ({@code from}, when the client named one). */
  public void blobMounted(
      HttpServletRequest request,
      RepositoryName repository,
      Digest digest,
      Optional<RepositoryName> from,
      LongSupplier size) {
    if (enabled()) {
      publish(
          request,
          EventAction.MOUNT,
          blob(
              request,
              repository,
              digest,
              size.getAsLong(),
              from.map(RepositoryName::value).orElse(null)));
    }
  }

  /** A blob was served to a GET (whole or a range). */
  public void blobPulled(
      HttpServletRequest request, RepositoryName repository, Digest digest, long size) {
    if (enabled()) {
      publish(request, EventAction.PULL, blob(request, repository, digest, size, null));
    }
  }

  /** A blob was deleted from a repository. */
  public void blobDeleted(HttpServletRequest request, RepositoryName repository, Digest digest) {
    if (enabled()) {
      publish(
          request,
          EventAction.DELETE,
          new RegistryEvent.Target(
              null,
              null,
              digest.toString(),
              null,
              repository.value(),
              null,
              url(request, repository, "blobs", digest.toString()),
              null));
    }
  }

  private RegistryEvent.Target manifest(
      HttpServletRequest request,
      RepositoryName repository,
      Digest digest,
      String mediaType,
      long size,
      String tag) {
    return new RegistryEvent.Target(
        mediaType,
        size,
        digest.toString(),
        size,
        repository.value(),
        null,
        url(request, repository, "manifests", digest.toString()),
        tag);
  }

  private RegistryEvent.Target blob(
      HttpServletRequest request,
      RepositoryName repository,
      Digest digest,
      long size,
      String fromRepository) {
    return new RegistryEvent.Target(
        BLOB_MEDIA_TYPE,
        size,
        digest.toString(),
        size,
        repository.value(),
        fromRepository,
        url(request, repository, "blobs", digest.toString()),
        null);
  }

  private void publish(
      HttpServletRequest request, EventAction action, RegistryEvent.Target target) {
    RegistryEvent event =
        new RegistryEvent(
            UUID.randomUUID().toString(),
            Instant.now().toString(),
            action,
            target,
            new RegistryEvent.Request(
                requestId(request),
                request.getRemoteAddr(),
                request.getHeader("Host"),
                request.getMethod(),
                request.getHeader("User-Agent")),
            new RegistryEvent.Actor(actor()),
            new RegistryEvent.Source(hostName + ":" + request.getLocalPort(), instanceId));
    for (EndpointSink sink : sinks) {
      sink.offer(event);
    }
  }

  /** One id per request, shared by the events it causes (a push with several tags). */
  private static String requestId(HttpServletRequest request) {
    Object id = request.getAttribute(REQUEST_ID);
    if (id == null) {
      id = UUID.randomUUID().toString();
      request.setAttribute(REQUEST_ID, id);
    }
    return id.toString();
  }

  /** The signed-in caller's name, or null for an anonymous request (auth off, or a public pull). */
  private static String actor() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()) {
      return null;
    }
    String name = authentication.getName();
    return name == null || name.isEmpty() || "anonymous".equals(name) ? null : name;
  }

  private static String url(
      HttpServletRequest request, RepositoryName repository, String kind, String reference) {
    String host = request.getHeader("Host");
    if (host == null) {
      host = request.getLocalName() + ":" + request.getLocalPort();
    }
    return request.getScheme() + "://" + host + "/v2/" + repository + "/" + kind + "/" + reference;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Started before the web server and stopped after it, so that no request's event is lost. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  @Override
  public void start() {
    sinks = properties.endpoints().stream().map(EndpointSink::new).toList();
  }

  @Override
  public void stop() {
    List<EndpointSink> stopping = sinks;
    for (EndpointSink sink : stopping) {
      try {
        sink.stop(STOP_GRACE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    sinks = List.of();
  }

  @Override
  public boolean isRunning() {
    return !sinks.isEmpty();
  }
}
