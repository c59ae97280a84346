package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  private static final String EMPTY_SHA256 =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void parse_roundTripsCanonicalForm() {
    Digest digest = Digest.parse(EMPTY_SHA256);
    assertThat(digest.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
    assertThat(digest.toString()).isEqualTo(EMPTY_SHA256);
    assertThat(digest.shortHex()).isEqualTo("e3b0c44298fc");
  }

  @Test
  void sha256_ofEmptyInput_isTheWellKnownValue() {
    assertThat(Digest.sha256(new byte[0])).isEqualTo(Digest.parse(EMPTY_SHA256));
  }

  @Test
  void parse_acceptsSha512() {
    Digest digest = Digest.of(DigestAlgorithm.SHA512, "abc".getBytes(StandardCharsets.UTF_8));
    assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
    assertThat(digest.hex()).hasSize(128);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "sha256",
        "sha256:",
        ":abc",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
        "sha256:../../../../etc/passwd",
        "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
      })
  void parse_rejectsMalformedOrUnsupported(String value) {
    assertThatThrownBy(() -> Digest.parse(value)).isInstanceOf(InvalidDigestException.class);
    assertThat(Digest.isValid(value)).isFalse();
  }

  @Test
  void digestingOutputStream_hashesAndCountsInOnePass() throws Exception {
    byte[] data = "hello, registry".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (DigestingOutputStream out = new DigestingOutputStream(sink, DigestAlgorithm.SHA256)) {
      out.write(data, 0, 5);
      out.write(data, 5, data.length - 5);
      assertThat(out.count()).isEqualTo(data.length);
      assertThat(out.digest()).isEqualTo(Digest.sha256(data));
    }
    assertThat(sink.toByteArray()).isEqualTo(data);
  }
}
