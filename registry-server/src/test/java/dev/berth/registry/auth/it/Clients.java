package dev.berth.registry.auth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Platform;
import dev.berth.registry.e2e.Podman;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real clients, skopeo and podman, against the registry on 127.0.0.1. */
final class Clients {
  private final Path work;
  private final String registry;

  /**
   * @param work a private directory for auth files and podman storage
   * @param port the registry's port
   */
  Clients(Path work, int port) {
    this.work = work;
    this.registry = "127.0.0.1:" + port;
  }

  /** A client run: exit code and output. */
  record Run(int exit, String stdout, String stderr) {
    Run succeeded() {
      assertThat(exit).as("exit code; stderr: %s", stderr).isZero();
      return this;
    }

    Run failed() {
      assertThat(exit).as("exit code; stdout: %s", stdout).isNotZero();
      return this;
    }
  }

  static void requireInstalled(String tool) {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin", tool)),
        tool + " is not installed (apt-get install " + tool + ")");
  }

  String registry() {
    return registry;
  }

  /** {@code skopeo copy} of a fresh one-layer image to {@code repository:tag}. */
  Run push(String repository, String tag, String user, String password) throws IOException {
    Path layout = Files.createTempDirectory(work, "image");
    OciLayout image = OciLayout.create(layout);
    byte[] content =
        (repository + ":" + tag + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    image.tag(
        "latest",
        image.addImage(
            Platform.of("linux", "amd64", null), List.of(Layer.of(Map.of("hello.txt", content)))));
    List<String> args = new ArrayList<>(List.of("skopeo", "copy", "--dest-tls-verify=false"));
    if (user != null) {
      args.add("--dest-creds");
      args.add(user + ":" + password);
    } else {
      args.add("--dest-no-creds");
    }
    args.add("oci:" + layout + ":latest");
    args.add("docker://" + registry + "/" + repository + ":" + tag);
    return run(args);
  }

  /** {@code skopeo inspect --raw}: fetches the manifest as a pull does. */
  Run pull(String repository, String tag, String user, String password) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("skopeo", "inspect", "--raw", "--tls-verify=false"));
    if (user != null) {
      args.add("--creds");
      args.add(user + ":" + password);
    } else {
      args.add("--no-creds");
    }
    args.add("docker://" + registry + "/" + repository + ":" + tag);
    return run(args);
  }

  /** {@code skopeo login} with a private auth file. */
  Run skopeoLogin(String user, String password) throws IOException {
    return run(
        List.of(
            "skopeo",
            "login",
            "--tls-verify=false",
            "--authfile",
            work.resolve("skopeo-auth.json").toString(),
            "-u",
            user,
            "-p",
            password,
            registry));
  }

  /** {@code podman login} with a private auth file and storage. */
  Run podmanLogin(String user, String password) throws IOException {
    List<String> args = podman();
    args.addAll(
        List.of(
            "login",
            "--tls-verify=false",
            "--authfile",
            work.resolve("podman-auth.json").toString(),
            "-u",
            user,
            "-p",
            password,
            registry));
    return run(args);
  }

  /** {@code podman pull} using the credentials stored by {@link #podmanLogin}. */
  Run podmanPull(String repository, String tag) throws IOException {
    List<String> args = podman();
    args.addAll(
        List.of(
            "pull",
            "--tls-verify=false",
            "--authfile",
            work.resolve("podman-auth.json").toString(),
            registry + "/" + repository + ":" + tag));
    return run(args);
  }

  private List<String> podman() {
    return Podman.command("podman", work);
  }

  private Run run(List<String> args) throws IOException {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("REGISTRY_AUTH_FILE", work.resolve("default-auth.json").toString());
    builder.environment().put("HOME", work.toString());
    Process process = builder.start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + args);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
