package dev.berth.registry.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One event, in the JSON shape of CNCF distribution's notifications (media type {@value
 * #ENVELOPE_MEDIA_TYPE}), so that listeners written for distribution read Berth's unchanged.
 *
 * @param id unique per event
 * @param timestamp when it happened, RFC 3339 in UTC
 * @param action what happened
 * @param target what it happened to
 * @param request the HTTP request that caused it
 * @param actor who made that request
 * @param source the registry instance that saw it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistryEvent(
    String id,
    String timestamp,
    EventAction action,
    Target target,
    Request request,
    Actor actor,
    Source source) {

  /** The media type of the envelope a listener receives. */
  public static final String ENVELOPE_MEDIA_TYPE =
      "application/vnd.docker.distribution.events.v1+json";

  /**
   * A manifest or blob. {@code length} repeats {@code size}, as distribution's does.
   *
   * @param fromRepository for a mount, the repository the blob came from, when the client named one
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Target(
      String mediaType,
      Long size,
      String digest,
      Long length,
      String repository,
      String fromRepository,
      String url,
      String tag) {}

  /** The request: its id (shared by the events it caused), client address, Host, method, agent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Request(String id, String addr, String host, String method, String useragent) {}

  /** The account that made the request; no name when nobody signed in. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Actor(String name) {}

  /** This registry: host name and port, and an id that changes at every start. */
  public record Source(String addr, String instanceID) {}

  /** The body of one delivery: events in the order they happened. */
  public record Envelope(List<RegistryEvent> events) {}
}
