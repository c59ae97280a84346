package dev.berth.agent.cli;

import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerState;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth ps}: lists containers. */
@Command(name = "ps", description = "List containers.", mixinStandardHelpOptions = true)
final class PsCommand extends ContainerCommand {
  @Option(
      names = {"-a", "--all"},
      description = "Show all containers, not only running ones.")
  boolean all;

  @Option(names = "--format", description = "json for a JSON array.")
  String format;

  @Override
  int execute() throws IOException {
    List<Container> containers = containers().list(all);
    if ("json".equals(format)) {
      out()
          .println(
              OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(containers));
      return 0;
    }
    if (format != null) {
      throw new IllegalArgumentException("unsupported --format " + format + " (supported: json)");
    }
    String row = "%-12s  %-30s  %-24s  %-14s  %-24s  %s%n";
    out().printf(row, "CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
    for (Container c : containers) {
      out()
          .printf(
              row,
              c.shortId(),
              c.imageName(),
              truncate(String.join(" ", c.config().command()), 24),
              ago(c.created()),
              status(c.state()),
              c.name());
    }
    return 0;
  }

  private static String status(ContainerState state) {
    return switch (state.status()) {
      case CREATED -> "Created";
      case RUNNING -> "Up " + ago(state.startedAt()).replace(" ago", "");
      case EXITED -> "Exited (" + state.exitCode() + ") " + ago(state.finishedAt());
    };
  }

  private static String ago(Instant time) {
    if (time == null) {
      return "";
    }
    long seconds = Duration.between(time, Instant.now()).toSeconds();
    if (seconds < 60) {
      return seconds + " seconds ago";
    }
    if (seconds < 3600) {
      return seconds / 60 + " minutes ago";
    }
    if (seconds < 86400) {
      return seconds / 3600 + " hours ago";
    }
    return seconds / 86400 + " days ago";
  }

  private static String truncate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 3) + "...";
  }
}
