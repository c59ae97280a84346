package dev.berth.agent.cli;

import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth rmi}: removes image names (or whole images by ID); layers go with image-prune. */
@Command(
    name = "rmi",
    description = "Remove local images by name or ID. Layers are freed by 'berth image-prune'.",
    mixinStandardHelpOptions = true)
final class RmiCommand extends ImageCommand {
  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Names or ID prefixes.")
  List<String> images;

  @Override
  int execute() throws IOException {
    var service = service();
    for (String image : images) {
      service.remove(image).forEach(out()::println);
    }
    return 0;
  }
}
