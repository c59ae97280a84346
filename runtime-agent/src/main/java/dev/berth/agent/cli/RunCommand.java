package dev.berth.agent.cli;

import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.LocalImage;
import dev.berth.agent.image.PullOptions;
import dev.berth.agent.linux.LinuxKernel;
import dev.berth.agent.linux.PosixFiles;
import dev.berth.agent.pull.AuthFile;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerConfig;
import dev.berth.agent.runtime.ContainerService;
import dev.berth.agent.runtime.EnvFile;
import dev.berth.agent.runtime.Resources;
import dev.berth.agent.runtime.RunOptions;
import dev.berth.agent.runtime.Timing;
import dev.berth.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth run}: creates a container from an image and runs it, attached or detached. Help is
 * only {@code --help}: {@code -h} is {@code --hostname}, as in podman.
 */
@Command(name = "run", description = "Run a command in a new container.")
final class RunCommand extends ContainerCommand {
  @Mixin ProcessOptions process;

  @Option(names = "--help", usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(
      names = {"-d", "--detach"},
      description = "Run in the background; print the ID.")
  boolean detach;

  @Option(names = "--rm", description = "Remove the container when it exits.")
  boolean remove;

  @Option(names = "--name", description = "Name of the container.")
  String name;

  @Option(names = "--env-file", description = "Read NAME=value lines from a file.")
  List<Path> envFiles = new ArrayList<>();

  @Option(
      names = {"-h", "--hostname"},
      description = "Host name inside the container.")
  String hostname;

  @Option(
      names = {"-m", "--memory"},
      description = "Memory limit, such as 512m.")
  String memory;

  @Option(names = "--cpus", description = "CPU limit, such as 1.5.")
  String cpus;

  @Option(names = "--pids-limit", description = "Maximum number of tasks.")
  long pidsLimit;

  @Option(names = "--entrypoint", description = "Overrides the image's entrypoint.")
  String entrypoint;

  @Option(names = "--read-only", description = "Mount the root file system read-only.")
  boolean readOnly;

  @Option(names = "--network", description = "none (default: only lo) or host.")
  String network = "none";

  @Option(names = "--platform", description = "Platform to pull: os/arch[/variant].")
  String platform;

  @Option(names = "--pull", description = "always, missing (default) or never.")
  String pull = "missing";

  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
  List<String> command = new ArrayList<>();

  @Override
  int execute() throws IOException {
    Timing timing = invocation.timing();
    timing.mark("run command parsed");
    if (!invocation.resident()) {
      // a fresh JVM: load the kernel bindings and the launch code while the image is looked up (a
      // daemon has them loaded, and a thread more would only compete for the CPU)
      Thread warmUp =
          new Thread(
              () -> {
                LinuxKernel.instance();
                ContainerService.warmUp(CGROUP_ROOT);
              },
              "berth-warm-up");
      warmUp.setDaemon(true);
      warmUp.start();
    }
    RunOptions options = options();
    LocalImage local = resolveImage();
    timing.mark("image resolved");
    ContainerService service = containers();
    String id = ContainerService.newId();
    ContainerConfig config =
        options.toConfig(
            local.config().config(), id, local.layers().stream().map(Path::toString).toList());
    Container container = service.create(id, name, local, config);
    timing.mark("container created");
    if (detach) {
      // a daemon waits for the container on a thread of its own; a one-shot command starts a
      // monitor process that outlives it
      Container started =
          invocation.resident()
              ? service.startSupervised(container)
              : service.startDetached(container, monitorCommand(id), env());
      out().println(started.id());
      out().flush();
      return 0;
    }
    SignalForwarder forwarder = SignalForwarder.from(invocation);
    try {
      return service.supervise(
          container,
          invocation.stdout(),
          invocation.stderr(),
          running -> forwarder.target(running.state().pid()));
    } finally {
      timing.report(err());
    }
  }

  RunOptions options() throws IOException {
    List<String> environment = new ArrayList<>();
    for (Path file : envFiles) {
      try {
        environment.addAll(EnvFile.parse(Files.readString(file, StandardCharsets.UTF_8), env()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
    environment.addAll(process.environment(env()));
    Resources resources =
        new Resources(
            memory == null ? 0 : Resources.parseMemory(memory),
            cpus == null ? 0 : Resources.parseCpus(cpus),
            pidsLimit);
    if (!List.of("always", "missing", "never").contains(pull)) {
      throw new IllegalArgumentException("--pull must be always, missing or never: " + pull);
    }
    if (platform != null) {
      Platform.parse(platform);
    }
    return new RunOptions(
        entrypoint == null ? null : entrypoint.isEmpty() ? List.of() : List.of(entrypoint),
        command,
        environment,
        hostname,
        process.user,
        process.workdir,
        readOnly,
        ContainerConfig.NetworkMode.parse(network),
        resources,
        remove);
  }

  private LocalImage resolveImage() throws IOException {
    PullOptions pullOptions =
        PullOptions.defaults().withPlatform(platform == null ? null : Platform.parse(platform));
    if (!pull.equals("always")) {
      // Looking up a present image needs no registry client, and building one (its TLS context)
      // costs about 0.4 s of a cold JVM, more than the whole container run.
      ImageService local =
          new ImageService(
              state(),
              AuthFile.fromEnvironment(env(), ImageService.home(env())),
              Set.of(),
              null,
              PosixFiles.system());
      var found = local.find(image);
      if (found.isPresent()) {
        return found.get();
      }
      if (pull.equals("never")) {
        throw new IllegalArgumentException(image + ": image not known");
      }
    }
    return ImageService.create(state(), env()).pull(image, pullOptions);
  }

  private List<String> monitorCommand(String id) {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add(ContainerMonitorCommand.NAME);
    command.add("--root");
    command.add(state().root().toString());
    command.add(id);
    return command;
  }
}
