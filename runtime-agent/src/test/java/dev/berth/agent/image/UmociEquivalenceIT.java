package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.PosixFiles;
import dev.berth.agent.pull.AuthFile;
import dev.berth.agent.snapshot.MountPlan;
import dev.berth.agent.snapshot.OverlayPlanner;
import dev.berth.agent.state.StateDirectory;
import dev.berth.agent.testing.FakeRegistry;
import dev.berth.agent.testing.Skopeo;
import dev.berth.oci.Digest;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.testkit.TarBuilder;
import dev.berth.testkit.TestImage;
import dev.berth.testkit.TestImage.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merged view of our snapshots, mounted for real as overlayfs from the {@link MountPlan}, must
 * equal the root file system umoci unpacks from the same OCI layout: paths, types, modes, owners,
 * link targets, device numbers, hardlink groups and contents.
 */
class UmociEquivalenceIT {
  @TempDir Path dir;

  /** vfs_cap_data revision 2: setgid, setuid and net_bind_service, permitted and effective. */
  private static final byte[] CAPABILITY = {
    0x01, 0x00, 0x00, 0x02, (byte) 0xc0, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  private static final byte[] BLOB = {
    (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80, 0x41, (byte) 0xc3, 0x28, 0x0a, 0x3d, 0x20
  };

  private static final PosixFiles POSIX = PosixFiles.system();

  private static TestImage image() {
    byte[] l0 =
        new TarBuilder()
            .dir("etc", 0755)
            .file("etc/os-release", "ID=l0\n")
            .file("etc/remove-me", "gone in l1\n")
            .dir("old", 0750)
            .file("old/inside", "whole dir removed in l1")
            .dir("data", 0755)
            .file("data/a", "a")
            .file("data/b", "b")
            .file("usr/bin/su", "su".getBytes(StandardCharsets.UTF_8), 04755, 0, 0)
            .file("usr/bin/wall", "wall".getBytes(StandardCharsets.UTF_8), 02711, 0, 5)
            .file("home/u/odd", "odd".getBytes(StandardCharsets.UTF_8), 0421, 1234, 5678)
            .symlink("bin", "usr/bin")
            .symlink("etc/dangling", "/nowhere")
            .file("usr/lib/libx.so.1", "lib".getBytes(StandardCharsets.UTF_8), 0755, 0, 0)
            .hardlink("usr/lib/libx-hard", "usr/lib/libx.so.1")
            .fifo("run/fifo", 0640)
            .charDevice("dev/null", 0666, 1, 3)
            .blockDevice("dev/loop7", 0660, 7, 7)
            .dir("tmp", 01777)
            // binary values, not valid UTF-8: security.capability as setcap writes it
            .fileWithXattr("usr/bin/ping", "ping", 0755, 0, 0, "security.capability", CAPABILITY)
            .fileWithXattr("etc/tagged", "t", 0644, 0, 0, "user.blob", BLOB)
            .build();
    byte[] l1 =
        new TarBuilder()
            .whiteout("etc/remove-me")
            .whiteout("old")
            .dir("data", 0700)
            .opaque("data")
            .file("data/c", "only c survives")
            .file("etc/os-release", "ID=l1\n")
            .dir("srv/shared", 02775, 0, 100)
            .file("srv/shared/one", "same inode".getBytes(StandardCharsets.UTF_8), 0640, 33, 33)
            .hardlink("srv/shared/two", "srv/shared/one")
            .file("etc/dangling", "now a file")
            .build();
    byte[] l2 =
        new TarBuilder()
            .whiteout("data/c")
            .file("data/d", "d")
            .dir("usr", 0711)
            .file("usr/bin/new", "#!/bin/sh".getBytes(StandardCharsets.UTF_8), 0555, 0, 0)
            .symlink("etc/os-release", "../usr/lib/os-release")
            .file("usr/lib/os-release", "ID=l2\n")
            .build();
    return new TestImage()
        .layer(l0, Compression.GZIP)
        .layer(l1, Compression.GZIP) // umoci 0.4 reads no zstd
        .layer(l2, Compression.NONE)
        .build();
  }

  @Test
  void overlayOfSnapshotsEqualsUmociRootfs() throws Exception {
    TestImage image = image();
    Path layout = dir.resolve("layout");
    TestImage.writeLayout(layout, "eq", List.of(image));
    Path bundle = dir.resolve("bundle");
    Skopeo.run(List.of("umoci", "unpack", "--image", layout + ":eq", bundle.toString()));

    LocalImage pulled;
    try (FakeRegistry registry = new FakeRegistry()) {
      registry.add("eq", "1", image);
      ImageService service =
          new ImageService(
              new StateDirectory(dir.resolve("root")),
              new AuthFile(List.of(dir.resolve("auth.json"))),
              Set.of(),
              RegistryClient.newHttpClient(),
              PosixFiles.system());
      pulled = service.pull(registry.host() + "/eq:1", PullOptions.defaults());
    }

    Path merged = Files.createDirectories(dir.resolve("merged"));
    Path upper = Files.createDirectories(dir.resolve("root/containers/c/upper"));
    Path work = Files.createDirectories(dir.resolve("root/containers/c/work"));
    MountPlan plan = OverlayPlanner.writable(pulled.layers(), upper, work, merged);
    mount(plan);
    try {
      Map<String, String> ours = describe(merged);
      Map<String, String> umoci = describe(bundle.resolve("rootfs"));
      assertThat(ours).isEqualTo(umoci);
      assertThat(ours)
          .containsKey("data/d")
          .doesNotContainKeys("data/a", "data/c", "etc/remove-me", "old", "old/inside");
      assertThat(hardlinkGroups(merged)).isEqualTo(hardlinkGroups(bundle.resolve("rootfs")));
      assertThat(hardlinkGroups(merged)).contains(List.of("srv/shared/one", "srv/shared/two"));
      assertThat(ours.get("usr/bin/ping"))
          .endsWith(" security.capability=" + HexFormat.of().formatHex(CAPABILITY));
      assertThat(ours.get("etc/tagged")).endsWith(" user.blob=" + HexFormat.of().formatHex(BLOB));
    } finally {
      Skopeo.run(List.of("umount", merged.toString()));
    }
  }

  private static void mount(MountPlan plan) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "mount",
                "-t",
                plan.type(),
                plan.source(),
                "-o",
                plan.data(),
                plan.target().toString())
            .directory(plan.workingDirectory().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("mount " + plan + " failed: " + output);
    }
  }

  /** Path → "type mode uid:gid detail" for every entry below {@code root}. */
  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (path.equals(root)) {
          continue;
        }
        Map<String, Object> a =
            Files.readAttributes(path, "unix:mode,uid,gid,rdev,size", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String type =
            switch (mode & 0170000) {
              case 0040000 -> "dir";
              case 0100000 -> "file";
              case 0120000 -> "symlink";
              case 0010000 -> "fifo";
              case 0020000 -> "chr";
              case 0060000 -> "blk";
              default -> "other";
            };
        String detail =
            switch (type) {
              case "file" -> Digest.sha256(Files.readAllBytes(path)).shortHex();
              case "symlink" -> "-> " + Files.readSymbolicLink(path);
              case "chr", "blk" -> "rdev=" + a.get("rdev");
              default -> "";
            };
        String mode8 = type.equals("symlink") ? "" : Integer.toOctalString(mode & 07777);
        out.put(
            root.relativize(path).toString(),
            type
                + " "
                + mode8
                + " "
                + a.get("uid")
                + ":"
                + a.get("gid")
                + " "
                + detail
                + xattrs(path));
      }
    }
    return out;
  }

  /** " name=hex" for each xattr, sorted; overlayfs's own are hidden in the merged view. */
  private static String xattrs(Path path) {
    StringBuilder out = new StringBuilder();
    for (String name : new TreeSet<>(POSIX.llistxattr(path))) {
      if (name.startsWith("trusted.overlay.") || name.equals("security.selinux")) {
        continue;
      }
      out.append(' ').append(name).append('=');
      out.append(HexFormat.of().formatHex(POSIX.lgetxattr(path, name).orElseThrow()));
    }
    return out.toString();
  }

  /** Sorted groups of paths sharing an inode (hardlinks). */
  private static Set<List<String>> hardlinkGroups(Path root) throws IOException {
    Map<Object, List<String>> byInode = new HashMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          byInode
              .computeIfAbsent(
                  Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS),
                  k -> new ArrayList<>())
              .add(root.relativize(path).toString());
        }
      }
    }
    Set<List<String>> groups = new java.util.HashSet<>();
    for (List<String> group : byInode.values()) {
      if (group.size() > 1) {
        group.sort(null);
        groups.add(group);
      }
    }
    return groups;
  }
}
