package dev.berth.agent.runtime;

import dev.berth.oci.ImageConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code run} was asked for, before the image's defaults are applied; {@link #toConfig} merges
 * them as podman does.
 *
 * @param entrypoint {@code --entrypoint}, null to use the image's; an empty list clears it
 * @param command arguments after the image name; empty to use the image's Cmd
 * @param env {@code -e} and {@code --env-file} entries, in order
 * @param hostname null for the container's short ID
 * @param user null for the image's User
 * @param workingDir null for the image's WorkingDir (or {@code /})
 */
public record RunOptions(
    List<String> entrypoint,
    List<String> command,
    List<String> env,
    String hostname,
    String user,
    String workingDir,
    boolean readOnly,
    ContainerConfig.NetworkMode network,
    Resources resources,
    boolean autoRemove) {
  public RunOptions {
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    command = List.copyOf(command);
    env = List.copyOf(env);
  }

  /**
   * The container's configuration: entrypoint then command (an explicit entrypoint drops the
   * image's Cmd, as Docker and podman do), the image's environment overridden by the given one, and
   * {@code HOSTNAME} set.
   */
  public ContainerConfig toConfig(ImageConfig.Config image, String id, List<String> layers) {
    ImageConfig.Config defaults =
        image == null
            ? new ImageConfig.Config(null, null, null, null, null, null, null, null, null)
            : image;
    List<String> argv = new ArrayList<>();
    if (entrypoint != null) {
      argv.addAll(entrypoint);
      argv.addAll(command);
    } else {
      if (defaults.entrypoint() != null) {
        argv.addAll(defaults.entrypoint());
      }
      argv.addAll(command.isEmpty() && defaults.cmd() != null ? defaults.cmd() : command);
    }
    String host = hostname == null ? id.substring(0, 12) : hostname;
    List<String> base = new ArrayList<>();
    base.add("PATH=" + ContainerLauncher.DEFAULT_PATH);
    if (defaults.env() != null) {
      base.addAll(defaults.env());
    }
    List<String> overrides = new ArrayList<>(env);
    overrides.add(0, "HOSTNAME=" + host);
    List<String> merged = EnvFile.merge(base, overrides);
    String dir = workingDir != null ? workingDir : defaults.workingDir();
    return new ContainerConfig(
        argv,
        merged,
        host,
        user != null ? user : defaults.user(),
        dir == null || dir.isEmpty() ? "/" : dir,
        readOnly,
        network,
        resources,
        autoRemove,
        layers,
        defaults.stopSignal());
  }
}
