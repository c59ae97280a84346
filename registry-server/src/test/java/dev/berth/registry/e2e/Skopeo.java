package dev.berth.registry.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * skopeo with its own home, caches and signature policy in a temporary directory.
 *
 * <p>skopeo run as root keeps a machine-wide blob-info cache in /var/lib/containers/cache and uses
 * it to skip uploads the destination seemed to have. Declaring a non-root user through {@code
 * _CONTAINERS_ROOTLESS_UID} (read by containers/image) moves that cache under {@code
 * XDG_DATA_HOME}, so every test starts from an empty cache and really uploads.
 *
 * @see <a href="https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md">skopeo
 *     copy(1)</a>
 */
final class Skopeo {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final Path program;
  private final Path policy;
  private final Map<String, String> environment = new HashMap<>();

  /** A skopeo whose state lives under {@code home}; skips the test when skopeo is absent. */
  Skopeo(Path home) {
    this.program = ExternalCommand.requireProgram("skopeo");
    try {
      for (String dir : List.of("home", "data", "config", "cache", "run", "tmp")) {
        Files.createDirectories(home.resolve(dir));
      }
      policy = home.resolve("policy.json");
      Files.writeString(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    environment.put("HOME", home.resolve("home").toString());
    environment.put("XDG_DATA_HOME", home.resolve("data").toString());
    environment.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    environment.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    environment.put("XDG_RUNTIME_DIR", home.resolve("run").toString());
    environment.put("TMPDIR", home.resolve("tmp").toString());
    environment.put("_CONTAINERS_ROOTLESS_UID", "65534");
    environment.put("REGISTRY_AUTH_FILE", home.resolve("auth.json").toString());
  }

  /** {@code skopeo --policy P ARGS…}; fails the test when skopeo fails. */
  String run(String... args) {
    return result(args).orFail();
  }

  /** Like {@link #run} but returns the result whatever the exit status. */
  ExternalCommand.Result result(String... args) {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.add("--policy");
    command.add(policy.toString());
    command.addAll(List.of(args));
    return ExternalCommand.run(command, environment, TIMEOUT);
  }

  /** A {@code skopeo copy} to a plain-HTTP registry that may fail: the test looks at the result. */
  ExternalCommand.Result tryPush(String source, String destination) {
    return result("copy", "--dest-tls-verify=false", source, destination);
  }

  /** {@code skopeo copy} with TLS off on both sides (the registry is plain HTTP on loopback). */
  String copy(String... args) {
    List<String> all = new ArrayList<>(List.of("copy", "--src-tls-verify=false"));
    all.add("--dest-tls-verify=false");
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }
}
