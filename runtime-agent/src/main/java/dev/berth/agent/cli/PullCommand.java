package dev.berth.agent.cli;

import dev.berth.agent.image.LocalImage;
import dev.berth.agent.image.PullListener;
import dev.berth.agent.image.PullOptions;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Platform;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth pull}: fetches, verifies and unpacks an image; prints its ID. */
@Command(
    name = "pull",
    description = "Pull an image from a registry.",
    mixinStandardHelpOptions = true)
final class PullCommand extends RegistryCommand {
  @Option(
      names = "--platform",
      description = "Platform to select from an index: os/arch[/variant].")
  String platform;

  @Option(
      names = "--tls-verify",
      arity = "0..1",
      fallbackValue = "true",
      description = "Require HTTPS (false allows plain HTTP; loopback registries default to HTTP).")
  Boolean tlsVerify;

  @Option(
      names = "--parallel",
      description = "Layers to download at once; one unpacks at a time (default ${DEFAULT-VALUE}).",
      paramLabel = "N")
  int parallel = PullOptions.DEFAULT_PARALLELISM;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the image ID.")
  boolean quiet;

  @Parameters(paramLabel = "IMAGE", description = "Reference, such as 127.0.0.1:5000/app:1.")
  String reference;

  @Override
  int execute() throws IOException {
    PrintWriter progress = err();
    PullListener listener =
        quiet
            ? PullListener.NONE
            : new PullListener() {
              @Override
              public void resolved(String name, Digest manifestDigest) {
                print("Trying to pull " + name + "...");
              }

              @Override
              public void layerExists(Descriptor layer) {
                print("Copying blob " + layer.digest().shortHex() + " skipped: already exists");
              }

              @Override
              public void layerUnpacked(Descriptor layer, long downloaded, long resumedFrom) {
                print(
                    "Copying blob "
                        + layer.digest().shortHex()
                        + " done"
                        + (resumedFrom > 0 ? " (resumed at byte " + resumedFrom + ")" : ""));
              }

              private void print(String line) {
                synchronized (progress) {
                  progress.println(line);
                  progress.flush();
                }
              }
            };
    PullOptions options =
        PullOptions.defaults()
            .withPlatform(platform == null ? null : Platform.parse(platform))
            .withTlsVerify(tlsVerify)
            .withParallelism(parallel)
            .withListener(listener);
    LocalImage image = service().pull(reference, options);
    if (!quiet) {
      progress.println("Writing manifest to image destination");
      progress.flush();
    }
    out().println(image.id().hex());
    return 0;
  }
}
