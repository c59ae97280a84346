package dev.berth.agent.cli;

import dev.berth.agent.image.ImageService;
import java.io.IOException;
import picocli.CommandLine.Command;

/**
 * {@code berth image-prune}: deletes layers and blobs that no image uses any more. Layers a
 * container (running or not) is built on stay, even when its image was removed: they are its root
 * file system's lower directories.
 */
@Command(
    name = "image-prune",
    description = "Remove unpacked layers, blobs and partial downloads that no image uses.",
    mixinStandardHelpOptions = true)
final class ImagePruneCommand extends ImageCommand {
  @Override
  int execute() throws IOException {
    ImageService.PruneResult result = service().prune(containerStore().layersInUse());
    out()
        .printf(
            "Removed %d layer snapshots, %d blobs, %d partial downloads%n",
            result.snapshots(), result.blobs(), result.partialDownloads());
    return 0;
  }
}
