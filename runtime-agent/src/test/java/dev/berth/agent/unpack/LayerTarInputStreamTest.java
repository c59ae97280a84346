package dev.berth.agent.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

class LayerTarInputStreamTest {
  private static byte[] record(String key, byte[] value) {
    byte[] body = (" " + key + "=").getBytes(StandardCharsets.UTF_8);
    int length = body.length + value.length + 1;
    // the length counts its own digits
    int digits = String.valueOf(length).length();
    if (String.valueOf(length + digits).length() > digits) {
      digits++;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(String.valueOf(length + digits).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    out.writeBytes(value);
    out.write('\n');
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void parseXattrs_keepsBinaryValuesAndIgnoresOtherRecords() throws IOException {
    byte[] binary = {0, (byte) 0xff, '\n', '=', ' ', (byte) 0x80};
    byte[] pax =
        concat(
            record("path", "a/b".getBytes(StandardCharsets.UTF_8)),
            record("SCHILY.xattr.security.capability", binary),
            record("SCHILY.xattr.user.empty", new byte[0]));

    Map<String, byte[]> xattrs = LayerTarInputStream.parseXattrs(pax);

    assertThat(xattrs).containsOnlyKeys("security.capability", "user.empty");
    assertThat(xattrs.get("security.capability")).containsExactly(binary);
    assertThat(xattrs.get("user.empty")).isEmpty();
  }

  @Test
  void parseXattrs_libarchiveRecordsAreDecodedAndSchilyWins() throws IOException {
    byte[] pax =
        concat(
            record("LIBARCHIVE.xattr.user.a%20b", "AP+A".getBytes(StandardCharsets.US_ASCII)),
            record("LIBARCHIVE.xattr.user.both", "eA".getBytes(StandardCharsets.US_ASCII)),
            record("SCHILY.xattr.user.both", "schily".getBytes(StandardCharsets.US_ASCII)));

    Map<String, byte[]> xattrs = LayerTarInputStream.parseXattrs(pax);

    assertThat(xattrs.get("user.a b")).containsExactly(0x00, 0xff, 0x80);
    assertThat(new String(xattrs.get("user.both"), StandardCharsets.US_ASCII)).isEqualTo("schily");
  }

  @Test
  void parseXattrs_refusesMalformedRecords() {
    assertThatThrownBy(() -> LayerTarInputStream.parseXattrs("99 SCHILY.xattr.a=b\n".getBytes()))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("malformed PAX record");
    assertThatThrownBy(() -> LayerTarInputStream.parseXattrs("x SCHILY.xattr.a=b\n".getBytes()))
        .isInstanceOf(InvalidLayerException.class);
    assertThatThrownBy(() -> LayerTarInputStream.parseXattrs("13 SCHILY.ab\n".getBytes()))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("without '='");
    assertThatThrownBy(
            () ->
                LayerTarInputStream.parseXattrs(
                    record("LIBARCHIVE.xattr.user.x", "not base64!".getBytes())))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("not base64");
  }

  @Test
  void xattrs_belongToTheirEntryOnly() throws IOException {
    byte[] value = {(byte) 0xfe, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};
    byte[] tar =
        new TarBuilder()
            .fileWithXattr("first", "1", 0644, 0, 0, "user.v", value)
            .file("second", "2")
            .fileWithXattr("third", "3", "user.text", "plain")
            .build();

    try (LayerTarInputStream in = new LayerTarInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry first = in.getNextEntry();
      assertThat(first.getName()).isEqualTo("first");
      assertThat(in.xattrs().get("user.v")).containsExactly(value);
      assertThat(in.getNextEntry().getName()).isEqualTo("second");
      assertThat(in.xattrs()).isEmpty();
      assertThat(in.getNextEntry().getName()).isEqualTo("third");
      assertThat(in.xattrs()).containsOnlyKeys("user.text");
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void hugePaxHeaderIsRefused() {
    String big = "v".repeat(LayerTarInputStream.MAX_PAX_HEADER);
    byte[] tar = new TarBuilder().fileWithXattr("f", "x", "user.big", big).build();

    assertThatThrownBy(
            () -> {
              try (LayerTarInputStream in =
                  new LayerTarInputStream(new ByteArrayInputStream(tar))) {
                in.getNextEntry();
              }
            })
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("PAX header of more than");
  }
}
