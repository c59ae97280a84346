package dev.berth.e2e;

import dev.berth.testkit.TarBuilder;
import dev.berth.testkit.TestImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Small images built in code for the end-to-end tests. */
final class Images {
  private Images() {}

  /**
   * Writes an OCI layout at {@code layout} holding one image, tagged {@code 1}, whose single gzip
   * layer has the directory {@code etc} and the file {@code etc/NAME} with {@code content}.
   */
  static Path oneFileLayout(Path layout, String name, String content) throws IOException {
    byte[] layer = new TarBuilder().dir("etc", 0755).file("etc/" + name, content).build();
    TestImage built = new TestImage().layer(layer, TestImage.Compression.GZIP).build();
    TestImage.writeLayout(layout, "1", List.of(built));
    return layout;
  }
}
