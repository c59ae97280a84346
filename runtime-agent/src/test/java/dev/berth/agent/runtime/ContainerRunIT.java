package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.image.LocalImage;
import dev.berth.agent.linux.LinuxKernel;
import dev.berth.agent.state.StateDirectory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs containers for real, as root, and looks at them from inside. */
class ContainerRunIT {
  @TempDir static Path images;
  static LocalImage image;

  @TempDir Path root;
  ContainerService service;

  @BeforeAll
  static void image() throws Exception {
    BusyboxImage.assumeUsable();
    image = BusyboxImage.create(images);
  }

  @BeforeEach
  void service() {
    service =
        new ContainerService(
            new StateDirectory(root),
            LinuxKernel.instance(),
            Path.of("/sys/fs/cgroup"),
            BusyboxImage::plan);
  }

  record Result(int exitCode, String stdout, String stderr) {}

  Result run(List<String> command) {
    return run(command, "", Resources.UNLIMITED, false);
  }

  Result run(List<String> command, String user, Resources resources, boolean readOnly) {
    ContainerConfig config =
        new ContainerConfig(
            command,
            List.of("PATH=/bin", "HOSTNAME=box"),
            "box",
            user,
            "/",
            readOnly,
            ContainerConfig.NetworkMode.NONE,
            resources,
            false,
            image.layers().stream().map(Path::toString).toList());
    Container container = service.create(null, image, config);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      code = service.supervise(container, out, err, c -> {});
    } catch (LaunchException e) {
      code = e.exitCode();
      err.writeBytes(e.getMessage().getBytes(StandardCharsets.UTF_8));
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void echoHello() {
    Result result = run(List.of("echo", "hello"));
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("hello\n");
  }

  @Test
  void isolation() {
    Result result =
        run(
            List.of(
                "sh",
                "-c",
                "echo pid=$$; hostname; ls /proc | grep -c '^[0-9]'; cat /proc/net/dev | tail -n +3 |"
                    + " grep -c :; grep CapEff /proc/self/status; ls /dev"));
    assertThat(result.stderr()).isEmpty();
    assertThat(result.stdout()).startsWith("pid=1\nbox\n");
    System.out.println(result.stdout());
  }
}
