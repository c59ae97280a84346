package dev.berth.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a container gets over its image's {@code /etc}, as Docker and podman provide them:
 * {@code hosts} (so that {@code localhost} and the container's own hostname resolve, which many
 * images, such as busybox, would otherwise not), {@code hostname}, and the host's {@code
 * resolv.conf}. They are written to the container's directory and bind-mounted over the image's
 * files, so the image's layers stay untouched and {@code --read-only} works.
 */
public final class EtcFiles {
  /** The names, each mounted at {@code /etc/NAME} in the container. */
  public static final List<String> NAMES = List.of("hosts", "hostname", "resolv.conf");

  private static final Path HOST_HOSTS = Path.of("/etc/hosts");
  private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

  private EtcFiles() {}

  /** Writes the files for {@code config} into {@code directory} (created when missing). */
  public static void write(Path directory, ContainerConfig config) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("hosts"), hosts(config, hostFile(HOST_HOSTS)));
      Files.writeString(directory.resolve("hostname"), config.hostname() + "\n");
      Files.writeString(directory.resolve("resolv.conf"), hostFile(HOST_RESOLV_CONF));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the container's /etc files: " + e, e);
    }
  }

  /**
   * The container's hosts file: with its own network, the loopback names and its hostname; with the
   * host's network, the host's file and its hostname.
   */
  static String hosts(ContainerConfig config, String hostHosts) {
    StringBuilder text = new StringBuilder();
    if (config.network() == ContainerConfig.NetworkMode.HOST && !hostHosts.isEmpty()) {
      text.append(hostHosts);
      if (!hostHosts.endsWith("\n")) {
        text.append('\n');
      }
    } else {
      text.append("127.0.0.1\tlocalhost localhost.localdomain localhost4 localhost4.localdomain4\n")
          .append("::1\tlocalhost localhost.localdomain localhost6 localhost6.localdomain6\n");
    }
    return text.append("127.0.1.1\t").append(config.hostname()).append('\n').toString();
  }

  private static String hostFile(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    }
  }
}
