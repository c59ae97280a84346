package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * What a container runs and how, fixed when it is created.
 *
 * @param command the full argument vector (entrypoint followed by command)
 * @param env {@code NAME=value} entries
 * @param hostname the UTS host name inside
 * @param user the {@code --user} value, resolved against the image's files at start
 * @param workingDir absolute directory inside the container
 * @param readOnlyRootfs whether the root is mounted read-only
 * @param network {@code none} (own namespace with only {@code lo}) or {@code host}
 * @param resources cgroup limits
 * @param autoRemove whether to delete the container when it exits ({@code --rm})
 * @param layers the image's unpacked snapshot directories, lowest first
 * @see <a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">runtime-spec
 *     config</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerConfig(
    @JsonProperty("Cmd") List<String> command,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Hostname") String hostname,
    @JsonProperty("User") String user,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("ReadonlyRootfs") boolean readOnlyRootfs,
    @JsonProperty("NetworkMode") NetworkMode network,
    @JsonProperty("Resources") Resources resources,
    @JsonProperty("AutoRemove") boolean autoRemove,
    @JsonProperty("Layers") List<String> layers,
    @JsonProperty("StopSignal") String stopSignal) {

  /** The network namespaces a container can have. */
  public enum NetworkMode {
    @JsonProperty("none")
    NONE,
    @JsonProperty("host")
    HOST;

    /** {@code none} or {@code host}. */
    public static NetworkMode parse(String text) {
      return switch (text) {
        case "none" -> NONE;
        case "host" -> HOST;
        default ->
            throw new IllegalArgumentException(
                "unsupported --network " + text + " (supported: none, host)");
      };
    }
  }

  public ContainerConfig {
    command = List.copyOf(command);
    env = List.copyOf(env);
    Objects.requireNonNull(hostname, "hostname");
    user = user == null ? "" : user;
    workingDir = workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
    network = network == null ? NetworkMode.NONE : network;
    resources = resources == null ? Resources.UNLIMITED : resources;
    layers = List.copyOf(layers);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command specified (the image has no Cmd either)");
    }
    if (!workingDir.startsWith("/")) {
      throw new IllegalArgumentException("working directory must be absolute: " + workingDir);
    }
    if (hostname.isEmpty() || hostname.length() > 64) {
      throw new IllegalArgumentException("hostname must have 1 to 64 characters: " + hostname);
    }
  }
}
