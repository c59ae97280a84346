package dev.berth.agent.state;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's one state directory; everything the agent keeps lives below it, so that it survives
 * an agent restart and can be wiped in one place.
 *
 * <pre>
 * ROOT/                      default /var/lib/berth, or $BERTH_ROOT, or --root
 *   content/blobs/sha256/HEX   verified blobs (content-addressed)
 *   content/ingest/            partial downloads (resumable)
 *   snapshots/CHAINID-HEX/     one unpacked layer each, keyed by chain ID
 *   images/                    image records (reference → manifest, config)
 *   containers/ID/             container.json, logs, upper/, work/, rootfs/
 *   tmp/                       scratch space on the same filesystem (for atomic renames)
 * </pre>
 */
public record StateDirectory(Path root) {
  /** Environment variable that overrides the default root. */
  public static final String ENV = "BERTH_ROOT";

  /** Default root for a root-run agent. */
  public static final Path DEFAULT = Path.of("/var/lib/berth");

  public StateDirectory {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
  }

  /** The root from an explicit flag, else the environment, else the default. */
  public static StateDirectory resolve(Path flag, Map<String, String> env) {
    if (flag != null) {
      return new StateDirectory(flag);
    }
    String fromEnv = env.get(ENV);
    return new StateDirectory(fromEnv == null || fromEnv.isBlank() ? DEFAULT : Path.of(fromEnv));
  }

  public Path content() {
    return root.resolve("content");
  }

  public Path snapshots() {
    return root.resolve("snapshots");
  }

  public Path images() {
    return root.resolve("images");
  }

  public Path containers() {
    return root.resolve("containers");
  }

  public Path tmp() {
    return root.resolve("tmp");
  }
}
