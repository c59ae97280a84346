package dev.berth.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayPlannerTest {
  private static final Path SNAPSHOTS = Path.of("/var/lib/berth/snapshots");
  private static final Path UPPER = Path.of("/var/lib/berth/containers/c1/upper");
  private static final Path WORK = Path.of("/var/lib/berth/containers/c1/work");
  private static final Path ROOTFS = Path.of("/var/lib/berth/containers/c1/rootfs");

  private static List<Path> layers(int n) {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          SNAPSHOTS.resolve(Digest.sha256(("layer" + i).getBytes(StandardCharsets.UTF_8)).hex()));
    }
    return out;
  }

  private static String alias(Path layer) {
    return "l/" + layer.getFileName().toString().substring(0, 12);
  }

  @Test
  void writable_topLayerFirstRelativeToSnapshots() {
    List<Path> layers = layers(3);
    MountPlan plan = OverlayPlanner.writable(layers, UPPER, WORK, ROOTFS);

    assertThat(plan.type()).isEqualTo("overlay");
    assertThat(plan.source()).isEqualTo("overlay");
    assertThat(plan.target()).isEqualTo(ROOTFS);
    assertThat(plan.workingDirectory()).isEqualTo(SNAPSHOTS);
    assertThat(plan.options())
        .containsExactly(
            "lowerdir="
                + alias(layers.get(2))
                + ":"
                + alias(layers.get(1))
                + ":"
                + alias(layers.get(0)),
            "upperdir=" + UPPER,
            "workdir=" + WORK);
  }

  @Test
  void writable_hundredLayersFitInOnePage() {
    List<Path> layers = layers(100);
    MountPlan plan = OverlayPlanner.writable(layers, UPPER, WORK, ROOTFS);

    assertThat(plan.data().length()).isLessThan(4096);
    String lower = plan.options().get(0).substring("lowerdir=".length());
    assertThat(lower.split(":")).hasSize(100);
    assertThat(lower.split(":")[0]).isEqualTo(alias(layers.get(99)));
    assertThat(lower.split(":")[99]).isEqualTo(alias(layers.get(0)));
    // absolute 64-hex names would not have fit
    assertThat(100 * (SNAPSHOTS.toString().length() + 66)).isGreaterThan(4096);
  }

  @Test
  void writable_tooManyLayersIsAClearError() {
    assertThatThrownBy(() -> OverlayPlanner.writable(layers(501), UPPER, WORK, ROOTFS))
        .hasMessageContaining("501 layers");
    assertThatThrownBy(() -> OverlayPlanner.writable(layers(300), UPPER, WORK, ROOTFS))
        .hasMessageContaining("mount data");
  }

  @Test
  void readOnly_singleLayerIsABind() {
    List<Path> layers = layers(1);
    MountPlan plan = OverlayPlanner.readOnly(layers, ROOTFS);
    assertThat(plan.type()).isEqualTo("bind");
    assertThat(plan.source()).isEqualTo(layers.get(0).toString());
    assertThat(plan.options()).containsExactly("bind", "ro");
    assertThat(plan.workingDirectory()).isNull();
  }

  @Test
  void readOnly_severalLayersIsAnOverlayWithoutUpper() {
    List<Path> layers = layers(2);
    MountPlan plan = OverlayPlanner.readOnly(layers, ROOTFS);
    assertThat(plan.options())
        .containsExactly("lowerdir=" + alias(layers.get(1)) + ":" + alias(layers.get(0)));
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> OverlayPlanner.writable(List.of(), UPPER, WORK, ROOTFS))
        .hasMessageContaining("at least one layer");
    assertThatThrownBy(
            () -> OverlayPlanner.writable(List.of(Path.of("/tmp/notahash")), UPPER, WORK, ROOTFS))
        .hasMessageContaining("not a snapshot");
    List<Path> mixed = new ArrayList<>(layers(1));
    mixed.add(Path.of("/elsewhere").resolve(layers(2).get(1).getFileName()));
    assertThatThrownBy(() -> OverlayPlanner.writable(mixed, UPPER, WORK, ROOTFS))
        .hasMessageContaining("one directory");
    assertThatThrownBy(() -> OverlayPlanner.writable(layers(1), Path.of("/a,b"), WORK, ROOTFS))
        .hasMessageContaining("','");
  }
}
