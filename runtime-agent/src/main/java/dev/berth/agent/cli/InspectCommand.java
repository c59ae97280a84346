package dev.berth.agent.cli;

import dev.berth.agent.runtime.Container;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth inspect}: prints container records as a JSON array, as podman does. */
@Command(
    name = "inspect",
    description = "Show containers as JSON.",
    mixinStandardHelpOptions = true)
final class InspectCommand extends ContainerCommand {
  @Option(
      names = {"-f", "--format"},
      description = "json (the only and default format).")
  String format = "json";

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> references;

  @Override
  int execute() throws IOException {
    if (!format.equals("json")) {
      throw new IllegalArgumentException("unsupported --format " + format + " (supported: json)");
    }
    List<Container> found = new ArrayList<>();
    for (String reference : references) {
      found.add(containers().get(reference));
    }
    out().println(OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(found));
    return 0;
  }
}
