package dev.berth.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Runs real container tools (skopeo, umoci) as the tests' independent reference. */
public final class Skopeo {
  private Skopeo() {}

  /** Pushes the OCI layout's image {@code tag} to {@code docker://destination} over HTTP. */
  public static void push(Path layout, String tag, String destination)
      throws IOException, InterruptedException {
    push(layout, tag, destination, List.of("--dest-tls-verify=false"));
  }

  /**
   * Pushes the OCI layout's image {@code tag} to {@code docker://destination} with skopeo's
   * destination options (such as {@code --dest-cert-dir} or {@code --dest-creds}).
   */
  public static void push(
      Path layout, String tag, String destination, List<String> destinationOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("skopeo", "copy", "--quiet"));
    command.addAll(destinationOptions);
    command.addAll(
        List.of(
            "--preserve-digests", "--all", "oci:" + layout + ":" + tag, "docker://" + destination));
    run(command);
  }

  /** Runs a tool, failing with its output when it fails; skips when it is not installed. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin", command.get(0))),
        command.get(0) + " is not installed");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
