package dev.berth.agent.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --env-file} contents and {@code -e} values as podman does: {@code NAME=value} lines
 * taken literally (no quotes or expansion), blank lines and {@code #} comments skipped, and a bare
 * {@code NAME} taking the value from the agent's own environment (dropped when unset).
 *
 * @see <a href="https://docs.podman.io/en/latest/markdown/podman-run.1.html#env-file-file">podman
 *     run --env-file</a>
 */
public final class EnvFile {
  private EnvFile() {}

  /** The {@code NAME=value} entries of a file's contents. */
  public static List<String> parse(String contents, Map<String, String> hostEnv) {
    List<String> entries = new ArrayList<>();
    String[] lines = contents.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.stripLeading();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      try {
        entry(trimmed, hostEnv).ifPresent(entries::add);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }

  /** One {@code -e} value: {@code NAME=value}, or {@code NAME} to copy from the host. */
  public static java.util.Optional<String> entry(String value, Map<String, String> hostEnv) {
    int equals = value.indexOf('=');
    String name = equals < 0 ? value.strip() : value.substring(0, equals);
    if (name.isEmpty() || name.contains(" ") || name.contains("\0")) {
      throw new IllegalArgumentException("invalid environment variable name in \"" + value + "\"");
    }
    if (equals >= 0) {
      return java.util.Optional.of(value);
    }
    String fromHost = hostEnv.get(name);
    return fromHost == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(name + "=" + fromHost);
  }

  /** Merges entries: later ones replace earlier ones of the same name, keeping first positions. */
  public static List<String> merge(List<String> base, List<String> overrides) {
    java.util.LinkedHashMap<String, String> merged = new java.util.LinkedHashMap<>();
    for (List<String> list : List.of(base, overrides)) {
      for (String entry : list) {
        int equals = entry.indexOf('=');
        merged.put(equals < 0 ? entry : entry.substring(0, equals), entry);
      }
    }
    return List.copyOf(merged.values());
  }
}
