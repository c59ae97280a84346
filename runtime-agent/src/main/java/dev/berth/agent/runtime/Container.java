package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * One container as stored in {@code containers/ID/container.json} and shown by {@code inspect}; the
 * field names follow podman's inspect output.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Container(
    @JsonProperty("Id") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("Created") Instant created,
    @JsonProperty("ImageName") String imageName,
    @JsonProperty("Image") String imageId,
    @JsonProperty("Config") ContainerConfig config,
    @JsonProperty("State") ContainerState state) {
  public Container {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
  }

  public Container withState(ContainerState newState) {
    return new Container(id, name, created, imageName, imageId, config, newState);
  }

  /** The first 12 characters of the ID, as {@code ps} prints it. */
  public String shortId() {
    return id.substring(0, Math.min(12, id.length()));
  }
}
