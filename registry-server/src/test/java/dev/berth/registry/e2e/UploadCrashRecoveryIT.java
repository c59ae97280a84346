package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the registry while a chunk is streaming in, then a restart on the same data
 * directory: nothing half-written becomes visible, and the client can pick the upload up again.
 *
 * <p>What the restarted registry answers for the session: 204 with a {@code Range} that covers
 * exactly the bytes that reached the upload file before the kill (a prefix of what the client sent,
 * possibly including part of the interrupted chunk). The client resumes from there.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-a-blob-in-chunks">distribution-spec
 *     pushing a blob in chunks</a>
 */
class UploadCrashRecoveryIT {
  private static final int MIB = 1024 * 1024;

  @TempDir Path work;

  private HttpClient http = newClient();

  @Test
  void killDuringChunk_restart_uploadResumesAndNothingHalfWrittenIsVisible() throws Exception {
    Path data = work.resolve("data");
    Path log = work.resolve("registry.log");
    byte[] blob = new byte[4 * MIB];
    new Random(42).nextBytes(blob);
    Digest digest = Digest.sha256(blob);
    String repository = "crash/test";
    String uploadPath;
    String uploadId;

    try (RegistryProcess first = RegistryProcess.start(data, log)) {
      HttpResponse<String> started =
          send(first.uri("/v2/" + repository + "/blobs/uploads/"), "POST", null, null);
      assertThat(started.statusCode()).isEqualTo(202);
      uploadPath = started.headers().firstValue("Location").orElseThrow();
      uploadId = started.headers().firstValue("Docker-Upload-UUID").orElseThrow();

      HttpResponse<String> chunk =
          send(first.uri(uploadPath), "PATCH", Arrays.copyOfRange(blob, 0, MIB), "0-" + (MIB - 1));
      assertThat(chunk.statusCode()).isEqualTo(202);
      assertThat(chunk.headers().firstValue("Range")).hasValue("0-" + (MIB - 1));

      // The second chunk streams slowly: half of it is sent, then the server dies mid-request.
      PipedOutputStream feed = new PipedOutputStream();
      InputStream body = new PipedInputStream(feed, 64 * 1024);
      CompletableFuture<HttpResponse<String>> streaming =
          http.sendAsync(
              HttpRequest.newBuilder(first.uri(uploadPath))
                  .header("Content-Type", "application/octet-stream")
                  .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      feed.write(blob, MIB, MIB / 2);
      feed.flush();
      Path uploadFile = data.resolve("storage/uploads").resolve(uploadId);
      awaitSizeAbove(uploadFile, MIB);

      first.kill();
      feed.close();
      assertThat(streaming)
          .as("the interrupted PATCH never succeeds")
          .failsWithin(30, TimeUnit.SECONDS);
    }

    // A fresh client: the old one's connections died with the first server.
    http = newClient();
    try (RegistryProcess second = RegistryProcess.start(data, log)) {
      assertThat(
              send(second.uri("/v2/" + repository + "/blobs/" + digest), "HEAD", null, null)
                  .statusCode())
          .as("a blob whose upload was interrupted is not visible")
          .isEqualTo(404);
      assertThat(blobFiles(data)).as("no half-written blob in storage/blobs").isEmpty();

      HttpResponse<String> status = send(second.uri(uploadPath), "GET", null, null);
      assertThat(status.statusCode()).as("the session survives the crash").isEqualTo(204);
      String range = status.headers().firstValue("Range").orElseThrow();
      long stored = Long.parseLong(range.substring(range.indexOf('-') + 1)) + 1;
      assertThat(stored)
          .as("the first chunk is kept, and no more than was sent")
          .isBetween((long) MIB, (long) MIB + MIB / 2);
      assertThat(Files.size(data.resolve("storage/uploads").resolve(uploadId)))
          .as("Range reports exactly the bytes in the upload")
          .isEqualTo(stored);

      HttpResponse<String> rest =
          send(
              second.uri(uploadPath),
              "PATCH",
              Arrays.copyOfRange(blob, (int) stored, blob.length),
              stored + "-" + (blob.length - 1));
      assertThat(rest.statusCode()).isEqualTo(202);
      HttpResponse<String> done =
          send(second.uri(uploadPath + "?digest=" + digest), "PUT", new byte[0], null);
      assertThat(done.statusCode()).as(done.body()).isEqualTo(201);

      HttpResponse<byte[]> fetched =
          http.send(
              HttpRequest.newBuilder(second.uri("/v2/" + repository + "/blobs/" + digest)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
      assertThat(Digest.sha256(fetched.body())).isEqualTo(digest);
      assertThat(blobFiles(data))
          .containsExactly(
              data.resolve("storage/blobs/sha256")
                  .resolve(digest.hex().substring(0, 2))
                  .resolve(digest.hex()));
      assertThat(data.resolve("storage/uploads")).isEmptyDirectory();
    }
  }

  @Test
  void killRightAfterPush_restart_acknowledgedBlobsAndSessionsAreStillThere() throws Exception {
    Path data = work.resolve("data");
    Path log = work.resolve("registry.log");
    byte[] blob = "acknowledged means stored\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(blob);
    String uploadPath;

    try (RegistryProcess first = RegistryProcess.start(data, log)) {
      HttpResponse<String> pushed =
          send(first.uri("/v2/crash/ack/blobs/uploads/?digest=" + digest), "POST", blob, null);
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
      HttpResponse<String> started =
          send(first.uri("/v2/crash/ack/blobs/uploads/"), "POST", null, null);
      assertThat(started.statusCode()).isEqualTo(202);
      uploadPath = started.headers().firstValue("Location").orElseThrow();
      first.kill(); // at once: an acknowledged write must not depend on a background flush
    }

    http = newClient();
    try (RegistryProcess second = RegistryProcess.start(data, log)) {
      assertThat(send(second.uri("/v2/crash/ack/blobs/" + digest), "HEAD", null, null).statusCode())
          .as("the blob acknowledged with 201 before the kill")
          .isEqualTo(200);
      HttpResponse<String> status = send(second.uri(uploadPath), "GET", null, null);
      assertThat(status.statusCode()).as("the session opened before the kill").isEqualTo(204);
      assertThat(status.headers().firstValue("Range")).hasValue("0-0");
    }
  }

  private HttpResponse<String> send(URI uri, String method, byte[] body, String contentRange)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", "application/octet-stream");
    }
    if (contentRange != null) {
      request.header("Content-Range", contentRange);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static void awaitSizeAbove(Path file, long size) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.size(file) > size) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(file + " never grew beyond " + size + " bytes");
  }

  private static List<Path> blobFiles(Path data) throws IOException {
    Path blobs = data.resolve("storage/blobs");
    if (!Files.exists(blobs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(blobs)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
