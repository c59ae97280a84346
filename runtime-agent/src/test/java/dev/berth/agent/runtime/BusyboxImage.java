package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.image.LocalImage;
import dev.berth.agent.snapshot.MountPlan;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A test image built in code: a layer with a statically linked busybox (Debian package {@code
 * busybox-static}) and its applets, plus a second layer with {@code /etc/passwd} and {@code
 * /etc/group}.
 */
final class BusyboxImage {
  static final Path BUSYBOX = Path.of("/bin/busybox");

  private static final String[] APPLETS = {
    "sh", "echo", "cat", "ls", "hostname", "ps", "dd", "true", "false", "sleep", "id", "wc",
    "grep", "head", "tail", "mkdir", "touch", "rm", "seq", "env", "pwd", "kill", "stat", "test",
    "wget"
  };

  private BusyboxImage() {}

  /** Skips the calling test unless it runs as root on Linux with a static busybox. */
  static void assumeUsable() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root for namespaces and mounts");
    assumeTrue(Files.isExecutable(BUSYBOX), "needs /bin/busybox (Debian package busybox-static)");
  }

  static LocalImage create(Path directory) throws IOException {
    Path base = directory.resolve("layer-base");
    Path bin = Files.createDirectories(base.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Files.createDirectories(base.resolve("tmp"));
    Path etcLayer = directory.resolve("layer-etc");
    Path etc = Files.createDirectories(etcLayer.resolve("etc"));
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0:root:/root:/bin/sh\n"
            + "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
            + "app:x:1000:1000:app user:/home/app:/bin/sh\n");
    Files.writeString(
        etc.resolve("group"), "root:x:0:\ndaemon:x:1:\napp:x:1000:\nwheel:x:10:app\n");
    Files.createDirectories(etcLayer.resolve("home/app"));
    ImageConfig config =
        new ImageConfig(
            null,
            null,
            "amd64",
            "linux",
            null,
            new ImageConfig.Config(
                null,
                null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                null,
                List.of("sh"),
                null,
                null,
                null,
                null),
            null,
            null);
    Digest digest = Digest.parse("sha256:" + "ab".repeat(32));
    return new LocalImage(
        "localhost/busybox:test", digest, digest, config, List.of(base, etcLayer));
  }

  /** An overlay with absolute lower directories, top layer first. */
  static MountPlan plan(List<Path> layers, Path upper, Path work, Path target) {
    List<String> lowers = new ArrayList<>();
    for (int i = layers.size() - 1; i >= 0; i--) {
      lowers.add(layers.get(i).toString());
    }
    return new MountPlan(
        "overlay",
        "overlay",
        target,
        List.of("lowerdir=" + String.join(":", lowers), "upperdir=" + upper, "workdir=" + work),
        null);
  }
}
