package dev.berth.agent.pull;

import dev.berth.oci.OciJson;
import dev.berth.oci.distribution.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Registry credentials in the files podman and docker share ({@code {"auths": {"host": {"auth":
 * base64(user:password)}}}}), looked up in podman's order: {@code $REGISTRY_AUTH_FILE}, {@code
 * $XDG_RUNTIME_DIR/containers/auth.json}, {@code ~/.config/containers/auth.json}, then docker's
 * {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}. Entries may be keyed by host
 * or by {@code host/namespace}; the longest matching key wins. Login writes the first of the
 * containers files; other keys in the file are preserved.
 *
 * @see <a
 *     href="https://github.com/containers/image/blob/main/docs/containers-auth.json.5.md">containers-auth.json(5)</a>
 */
public final class AuthFile {
  private final List<Path> searchPath;

  public AuthFile(List<Path> searchPath) {
    if (searchPath.isEmpty()) {
      throw new IllegalArgumentException("no auth file locations");
    }
    this.searchPath = List.copyOf(searchPath);
  }

  /** The search path for the given environment and home directory. */
  public static AuthFile fromEnvironment(Map<String, String> env, Path home) {
    List<Path> paths = new ArrayList<>();
    String explicit = env.get("REGISTRY_AUTH_FILE");
    if (explicit != null && !explicit.isBlank()) {
      paths.add(Path.of(explicit));
    }
    String runtimeDir = env.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isBlank()) {
      paths.add(Path.of(runtimeDir, "containers", "auth.json"));
    }
    paths.add(home.resolve(".config/containers/auth.json"));
    String dockerConfig = env.get("DOCKER_CONFIG");
    paths.add(
        dockerConfig != null && !dockerConfig.isBlank()
            ? Path.of(dockerConfig, "config.json")
            : home.resolve(".docker/config.json"));
    return new AuthFile(paths);
  }

  /** The file {@code login} writes. */
  public Path writeTarget() {
    return searchPath.get(0);
  }

  /** Credentials for a repository, from the first file that has a matching entry. */
  public Optional<Credentials> lookup(String registry, String repository) throws IOException {
    for (Path file : searchPath) {
      Optional<Credentials> found = lookupIn(file, registry, repository);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Credentials> lookupIn(Path file, String registry, String repository)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode auths = read(file).path("auths");
    String best = null;
    for (String key : auths.propertyNames()) {
      String normalised = normaliseKey(key);
      if (matches(normalised, registry, repository)
          && (best == null || normalised.length() > normaliseKey(best).length())
          && auths.path(key).hasNonNull("auth")) {
        best = key;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Credentials.decode(auths.path(best).path("auth").asString()));
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "bad auth entry for " + best + " in " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean matches(String key, String registry, String repository) {
    if (key.equals(registry)) {
      return true;
    }
    if (repository == null) {
      return false;
    }
    String full = registry + "/" + repository;
    return full.equals(key) || full.startsWith(key + "/");
  }

  /** Strips scheme and path of legacy keys such as {@code https://index.docker.io/v1/}. */
  static String normaliseKey(String key) {
    String k = key;
    if (k.startsWith("https://") || k.startsWith("http://")) {
      k = k.substring(k.indexOf("://") + 3);
      int slash = k.indexOf('/');
      if (slash >= 0) {
        k = k.substring(0, slash);
      }
    }
    if (k.equals("index.docker.io") || k.equals("registry-1.docker.io")) {
      return ImageReference.DOCKER_HUB;
    }
    return k;
  }

  /** Stores credentials for a registry in the write target (created 0600). */
  public void store(String registry, Credentials credentials) throws IOException {
    Path file = writeTarget();
    ObjectNode root = Files.isRegularFile(file) ? (ObjectNode) read(file) : newRoot();
    ObjectNode auths =
        root.get("auths") instanceof ObjectNode existing ? existing : root.putObject("auths");
    auths.putObject(registry).put("auth", credentials.encode());
    write(file, root);
  }

  /**
   * Removes the credentials of a registry from the write target.
   *
   * @return false when there were none
   */
  public boolean remove(String registry) throws IOException {
    Path file = writeTarget();
    if (!Files.isRegularFile(file)) {
      return false;
    }
    JsonNode root = read(file);
    if (!(root.get("auths") instanceof ObjectNode auths) || auths.remove(registry) == null) {
      return false;
    }
    write(file, (ObjectNode) root);
    return true;
  }

  private static ObjectNode newRoot() {
    return OciJson.mapper().createObjectNode();
  }

  private static JsonNode read(Path file) throws IOException {
    try {
      JsonNode node = OciJson.mapper().readTree(Files.readAllBytes(file));
      if (!node.isObject()) {
        throw new IOException("auth file " + file + " is not a JSON object");
      }
      return node;
    } catch (tools.jackson.core.JacksonException e) {
      throw new IOException(
          "auth file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void write(Path file, ObjectNode root) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp =
        Files.createTempFile(
            dir,
            ".auth-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(temp, OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
