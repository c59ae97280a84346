package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With {@code berth.delete-enabled=false} every delete path answers 405 and deletes nothing. */
class DeleteDisabledIT extends ApiTestSupport {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    registry.add("berth.delete-enabled", () -> "false");
  }

  @Test
  void everyDeletePath_isUnsupported_andNothingIsDeleted() {
    byte[] manifest = utf8(imageManifest(repo, ""));
    Digest digest = Digest.sha256(manifest);
    client.putManifest(repo, "kept", MediaType.OCI_MANIFEST, manifest);
    Digest blob = client.pushBlob(repo, utf8("kept blob"));

    for (String path :
        new String[] {
          "/v2/" + repo + "/manifests/kept",
          "/v2/" + repo + "/manifests/" + digest,
          "/v2/" + repo + "/blobs/" + blob
        }) {
      HttpResponse<byte[]> response = client.delete(path);
      assertError(response, 405, "UNSUPPORTED");
    }
    assertThat(client.get("/v2/" + repo + "/manifests/kept").statusCode()).isEqualTo(200);
    assertThat(client.get("/v2/" + repo + "/manifests/" + digest).statusCode()).isEqualTo(200);
    assertThat(client.get("/v2/" + repo + "/blobs/" + blob).statusCode()).isEqualTo(200);
  }
}
