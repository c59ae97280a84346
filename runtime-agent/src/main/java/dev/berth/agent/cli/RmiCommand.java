package dev.berth.agent.cli;

import dev.berth.agent.image.ImageInUseException;
import dev.berth.agent.runtime.Container;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth rmi}: removes image names (or whole images by ID); layers go with image-prune. An
 * image a container was created from stays unless {@code --force} is given, as with podman and
 * docker; even then its layers stay on disk for as long as the container exists.
 */
@Command(
    name = "rmi",
    description = "Remove local images by name or ID. Layers are freed by 'berth image-prune'.",
    mixinStandardHelpOptions = true)
final class RmiCommand extends ImageCommand {
  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Names or ID prefixes.")
  List<String> images;

  @Option(
      names = {"-f", "--force"},
      description = "Remove the image even when containers were created from it.")
  boolean force;

  @Override
  int execute() throws IOException {
    var service = service();
    Map<String, List<Container>> users = containerStore().byImage();
    for (String image : images) {
      try {
        service
            .remove(image, id -> !force && users.containsKey(id.toString()))
            .forEach(out()::println);
      } catch (ImageInUseException e) {
        String names =
            users.get(e.imageId().toString()).stream()
                .map(c -> c.shortId() + " (" + c.name() + ")")
                .collect(Collectors.joining(", "));
        throw new IllegalStateException(
            "image "
                + image
                + " is in use by container "
                + names
                + ": remove the container first, or use --force",
            e);
      }
    }
    return 0;
  }
}
