package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.MediaType;
import dev.berth.registry.support.RegistryClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The distribution API over real HTTP, endpoint by endpoint and error by error. Subclasses run it
 * against each supported database.
 */
abstract class AbstractRegistryApiIT extends ApiTestSupport {
  // ---- base -------------------------------------------------------------------------------

  @Test
  void base_answersWithVersionHeader() {
    HttpResponse<byte[]> response = client.get("/v2/");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .contains("registry/2.0");
    assertThat(RegistryClient.text(response)).isEqualTo("{}");
  }

  @Test
  void unknownEndpoint_isNotFoundWithErrorBody() {
    assertError(client.get("/v2/a/nothing/here"), 404, "NOT_FOUND");
  }

  @Test
  void unsupportedMethod_is405() {
    assertError(client.send("POST", "/v2/_catalog"), 405, "UNSUPPORTED");
    assertError(client.send("PATCH", "/v2/" + repo + "/manifests/latest"), 405, "UNSUPPORTED");
  }

  // ---- names, digests ---------------------------------------------------------------------

  @Test
  void invalidNames_areRejectedBeforeAnythingIsTouched() {
    for (String name : List.of("a/../b", "UPPER", "a//b", "a%2fb", "-x", "a/.b", "x".repeat(256))) {
      assertError(client.get("/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
      assertError(client.send("POST", "/v2/" + name + "/blobs/uploads/"), 400, "NAME_INVALID");
    }
  }

  @Test
  void invalidDigests_areDigestInvalid() {
    for (String digest :
        List.of("md5:d41d8cd98f00b204e9800998ecf8427e", "sha256:abc", "sha256:" + "G".repeat(64))) {
      assertError(client.get("/v2/" + repo + "/blobs/" + digest), 400, "DIGEST_INVALID");
      assertError(
          client.send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest),
          400,
          "DIGEST_INVALID");
    }
  }

  // ---- blobs ------------------------------------------------------------------------------

  @Test
  void monolithicUpload_thenGetAndHead() {
    byte[] content = utf8("monolithic blob");
    Digest digest = Digest.sha256(content);
    HttpResponse<byte[]> put = postMonolithic(repo, digest, content);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("Location")).contains("/v2/" + repo + "/blobs/" + digest);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());

    HttpResponse<byte[]> get = client.get("/v2/" + repo + "/blobs/" + digest);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(content);
    assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
    assertThat(get.headers().firstValue("Content-Length")).contains(String.valueOf(content.length));

    HttpResponse<byte[]> head = client.head("/v2/" + repo + "/blobs/" + digest);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .contains(String.valueOf(content.length));
  }

  @Test
  void monolithicUpload_sentAsAForm_keepsEveryByte() {
    // curl --data-binary labels its body application/x-www-form-urlencoded unless told otherwise;
    // the body is still the blob, not form fields.
    byte[] content = utf8("name=value&digest=sha256:0&mount=x");
    Digest digest = Digest.sha256(content);
    HttpResponse<byte[]> post =
        postMonolithic(repo, digest, content, "Content-Type", "application/x-www-form-urlencoded");
    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void postThenPut_withBody() {
    byte[] content = utf8("post then put");
    Digest digest = Digest.sha256(content);
    HttpResponse<byte[]> post = client.send("POST", "/v2/" + repo + "/blobs/uploads/");
    assertThat(post.statusCode()).isEqualTo(202);
    String location = post.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/v2/" + repo + "/blobs/uploads/");
    assertThat(post.headers().firstValue("Docker-Upload-UUID")).isPresent();
    assertThat(post.headers().firstValue("Range")).contains("0-0");

    HttpResponse<byte[]> put =
        client.send("PUT", location + "?digest=" + digest, BodyPublishers.ofByteArray(content));
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void chunkedUpload_withContentRange_andStatus() {
    byte[] first = utf8("0123456789");
    byte[] second = utf8("abcdef");
    byte[] whole = utf8("0123456789abcdef");
    Digest digest = Digest.sha256(whole);
    String location = startUpload(repo);

    HttpResponse<byte[]> patch1 =
        client.send("PATCH", location, BodyPublishers.ofByteArray(first), "Content-Range", "0-9");
    assertThat(patch1.statusCode()).isEqualTo(202);
    assertThat(patch1.headers().firstValue("Range")).contains("0-9");
    location = patch1.headers().firstValue("Location").orElseThrow();

    HttpResponse<byte[]> status = client.get(location);
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).contains("0-9");

    HttpResponse<byte[]> outOfOrder =
        client.send(
            "PATCH", location, BodyPublishers.ofByteArray(second), "Content-Range", "12-17");
    assertError(outOfOrder, 416, "BLOB_UPLOAD_INVALID");
    assertThat(outOfOrder.headers().firstValue("Range")).contains("0-9");

    HttpResponse<byte[]> resent =
        client.send("PATCH", location, BodyPublishers.ofByteArray(first), "Content-Range", "0-9");
    assertError(resent, 416, "BLOB_UPLOAD_INVALID");
    assertThat(resent.headers().firstValue("Range")).contains("0-9");

    HttpResponse<byte[]> patch2 =
        client.send(
            "PATCH", location, BodyPublishers.ofByteArray(second), "Content-Range", "10-15");
    assertThat(patch2.statusCode()).isEqualTo(202);
    assertThat(patch2.headers().firstValue("Range")).contains("0-15");

    HttpResponse<byte[]> put = client.send("PUT", location + "?digest=" + digest);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(whole);
  }

  @Test
  void streamedPatch_withoutLength_thenFinalChunkInPut() {
    byte[] streamed = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < streamed.length; i++) {
      streamed[i] = (byte) (i * 31);
    }
    byte[] tail = utf8("tail");
    byte[] whole = new byte[streamed.length + tail.length];
    System.arraycopy(streamed, 0, whole, 0, streamed.length);
    System.arraycopy(tail, 0, whole, streamed.length, tail.length);
    Digest digest = Digest.sha256(whole);
    String location = startUpload(repo);

    HttpResponse<byte[]> patch =
        client.send(
            "PATCH",
            location,
            BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(streamed)));
    assertThat(patch.statusCode()).isEqualTo(202);
    assertThat(patch.headers().firstValue("Range")).contains("0-" + (streamed.length - 1));

    HttpResponse<byte[]> put =
        client.send(
            "PUT",
            patch.headers().firstValue("Location").orElseThrow() + "?digest=" + digest,
            BodyPublishers.ofByteArray(tail));
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(whole);
  }

  @Test
  void sha512Digest_isAccepted() {
    byte[] content = utf8("sha512 content");
    Digest digest = Digest.of(DigestAlgorithm.SHA512, content);
    HttpResponse<byte[]> put = postMonolithic(repo, digest, content);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void wrongDigestOnPut_storesNothing() throws IOException {
    byte[] content = utf8("these bytes");
    Digest claimed = Digest.sha256(utf8("other bytes"));
    String location = startUpload(repo);
    HttpResponse<byte[]> put =
        client.send("PUT", location + "?digest=" + claimed, BodyPublishers.ofByteArray(content));
    assertError(put, 400, "DIGEST_INVALID");
    assertError(client.head("/v2/" + repo + "/blobs/" + claimed), 404, "BLOB_UNKNOWN");
    assertError(
        client.head("/v2/" + repo + "/blobs/" + Digest.sha256(content)), 404, "BLOB_UNKNOWN");
    assertThat(stored.exists(claimed)).isFalse();
    assertThat(stored.exists(Digest.sha256(content))).isFalse();
    assertError(client.get(location), 404, "BLOB_UPLOAD_UNKNOWN");

    HttpResponse<byte[]> monolithic = postMonolithic(repo, claimed, content);
    assertError(monolithic, 400, "DIGEST_INVALID");
    assertThat(stored.exists(claimed)).isFalse();
    assertThat(stored.uploadObjects(location.substring(location.lastIndexOf('/') + 1))).isZero();
  }

  @Test
  void cancelUpload_thenUnknown() {
    String location = startUpload(repo);
    assertThat(client.delete(location).statusCode()).isEqualTo(204);
    assertError(client.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(client.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(
        client.get("/v2/" + repo + "/blobs/uploads/not-a-uuid"), 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void uploadSession_belongsToItsRepository() {
    String location = startUpload(repo);
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertError(client.get("/v2/other/repo/blobs/uploads/" + id), 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void rangeRequests() {
    byte[] content = utf8("0123456789");
    Digest digest = client.pushBlob(repo, content);
    String path = "/v2/" + repo + "/blobs/" + digest;

    HttpResponse<byte[]> partial = client.get(path, "Range", "bytes=2-5");
    assertThat(partial.statusCode()).isEqualTo(206);
    assertThat(RegistryClient.text(partial)).isEqualTo("2345");
    assertThat(partial.headers().firstValue("Content-Range")).contains("bytes 2-5/10");
    assertThat(partial.headers().firstValue("Content-Length")).contains("4");

    assertThat(RegistryClient.text(client.get(path, "Range", "bytes=-3"))).isEqualTo("789");
    assertThat(RegistryClient.text(client.get(path, "Range", "bytes=7-"))).isEqualTo("789");

    HttpResponse<byte[]> bad = client.get(path, "Range", "bytes=10-20");
    assertThat(bad.statusCode()).isEqualTo(416);
    assertThat(bad.headers().firstValue("Content-Range")).contains("bytes */10");
  }

  @Test
  void blobOfAnotherRepository_isNotReadableHere() {
    Digest digest = client.pushBlob(repo, utf8("private layer " + repo));
    assertError(client.get("/v2/" + repo + "-other/blobs/" + digest), 404, "BLOB_UNKNOWN");
    assertError(client.head("/v2/" + repo + "-other/blobs/" + digest), 404, "BLOB_UNKNOWN");
  }

  @Test
  void blobWithMissingFile_readsAsUnknown_andCanBePushedAgain() throws IOException {
    byte[] content = utf8("will lose its file " + repo);
    Digest digest = client.pushBlob(repo, content);
    stored.remove(digest);
    assertError(client.head("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    client.pushBlob(repo, content);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(content);

    stored.overwrite(digest, utf8("short"));
    assertError(client.get("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    client.pushBlob(repo, content);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void crossRepositoryMount() {
    Digest digest = client.pushBlob(repo, utf8("shared layer " + repo));
    String target = repo + "-copy";
    HttpResponse<byte[]> mount =
        client.send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + repo);
    assertThat(mount.statusCode()).isEqualTo(201);
    assertThat(mount.headers().firstValue("Location"))
        .contains("/v2/" + target + "/blobs/" + digest);
    assertThat(mount.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
    assertThat(client.head("/v2/" + target + "/blobs/" + digest).statusCode()).isEqualTo(200);

    Digest elsewhere = client.pushBlob(repo + "-third", utf8("only in third " + repo));
    HttpResponse<byte[]> notThere =
        client.send(
            "POST", "/v2/" + target + "/blobs/uploads/?mount=" + elsewhere + "&from=" + repo);
    assertThat(notThere.statusCode()).isEqualTo(202);
    assertThat(notThere.headers().firstValue("Location").orElseThrow())
        .startsWith("/v2/" + target + "/blobs/uploads/");

    HttpResponse<byte[]> withoutFrom =
        client.send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + elsewhere);
    assertThat(withoutFrom.statusCode()).isEqualTo(201);

    Digest absent = Digest.sha256(utf8("never pushed " + repo));
    assertThat(
            client.send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + absent).statusCode())
        .isEqualTo(202);
  }

  @Test
  void mountOfABlobWhoseFileIsLost_startsAnUpload_andCreatesNoRepository() throws Exception {
    Digest lost = client.pushBlob(repo, utf8("file lost after the push " + repo));
    stored.remove(lost);
    String target = repo + "-fresh";

    HttpResponse<byte[]> mount =
        client.send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + lost + "&from=" + repo);

    assertThat(mount.statusCode()).isEqualTo(202);
    assertError(client.get("/v2/" + target + "/tags/list"), 404, "NAME_UNKNOWN");
  }

  @Test
  void deleteBlob() {
    Digest digest = client.pushBlob(repo, utf8("delete me " + repo));
    assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);
    assertError(client.head("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    assertError(client.delete("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
  }

  // ---- manifests --------------------------------------------------------------------------

  @Test
  void manifest_putAndGet_servesExactBytes() {
    byte[] manifest = utf8(imageManifest(repo, ""));
    Digest digest = Digest.sha256(manifest);
    HttpResponse<byte[]> put = client.putManifest(repo, "v1", MediaType.OCI_MANIFEST, manifest);
    assertThat(put.statusCode()).as(RegistryClient.text(put)).isEqualTo(201);
    assertThat(put.headers().firstValue("Location"))
        .contains("/v2/" + repo + "/manifests/" + digest);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());

    for (String reference : List.of("v1", digest.toString())) {
      HttpResponse<byte[]> get =
          client.get("/v2/" + repo + "/manifests/" + reference, "Accept", MediaType.OCI_MANIFEST);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(manifest);
      assertThat(get.headers().firstValue("Content-Type")).contains(MediaType.OCI_MANIFEST);
      assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());

      HttpResponse<byte[]> head = client.head("/v2/" + repo + "/manifests/" + reference);
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValue("Content-Length"))
          .contains(String.valueOf(manifest.length));
      assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
    }
  }

  @Test
  void manifest_unknown() {
    client.pushBlob(repo, utf8("make the repo exist"));
    assertError(client.get("/v2/" + repo + "/manifests/nope"), 404, "MANIFEST_UNKNOWN");
    assertError(client.head("/v2/" + repo + "/manifests/nope"), 404, "MANIFEST_UNKNOWN");
    assertError(
        client.get("/v2/" + repo + "/manifests/" + Digest.sha256(utf8("x"))),
        404,
        "MANIFEST_UNKNOWN");
    assertError(client.get("/v2/never/pushed/manifests/latest"), 404, "MANIFEST_UNKNOWN");
    assertError(client.get("/v2/" + repo + "/manifests/-bad-tag"), 400, "TAG_INVALID");
  }

  @Test
  void manifest_withMissingBlob_isRejectedAndNothingStored() {
    String manifest = imageManifest(repo, "");
    String missing = Digest.sha256(utf8("missing layer " + repo)).toString();
    String broken =
        manifest.replaceFirst("sha256:[0-9a-f]{64}(?=\", \"size\": \\d+\\}\\])", missing);
    assertThat(broken).isNotEqualTo(manifest);
    HttpResponse<byte[]> put =
        client.putManifest(repo, "broken", MediaType.OCI_MANIFEST, utf8(broken));
    assertError(put, 400, "MANIFEST_BLOB_UNKNOWN");
    assertThat(json(put).get("errors").get(0).get("detail").get("digest").asString())
        .isEqualTo(missing);
    assertError(client.get("/v2/" + repo + "/manifests/broken"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void manifest_blobOfOtherRepository_doesNotCount() {
    String manifest = imageManifest(repo, "");
    HttpResponse<byte[]> put =
        client.putManifest(repo + "-elsewhere", "v1", MediaType.OCI_MANIFEST, utf8(manifest));
    assertError(put, 400, "MANIFEST_BLOB_UNKNOWN");
  }

  @Test
  void manifest_invalidBodies() {
    String manifest = imageManifest(repo, "");
    assertError(
        client.putManifest(repo, "t", MediaType.DOCKER_MANIFEST, utf8(manifest)),
        400,
        "MANIFEST_INVALID");
    assertError(
        client.putManifest(repo, "t", MediaType.OCI_MANIFEST, utf8("{not json")),
        400,
        "MANIFEST_INVALID");
    String mixed = manifest.replace("\"layers\"", "\"manifests\": [], \"layers\"");
    assertError(
        client.putManifest(repo, "t", MediaType.OCI_MANIFEST, utf8(mixed)),
        400,
        "MANIFEST_INVALID");
    assertError(
        client.putManifest(repo, "bad:tag!", MediaType.OCI_MANIFEST, utf8(manifest)),
        400,
        "DIGEST_INVALID");
  }

  @Test
  void manifest_tooLarge_is413() {
    String padding = "x".repeat(4 * 1024 * 1024);
    String manifest = imageManifest(repo, ", \"annotations\": {\"pad\": \"" + padding + "\"}");
    HttpResponse<byte[]> put =
        client.putManifest(repo, "big", MediaType.OCI_MANIFEST, utf8(manifest));
    assertThat(put.statusCode()).isEqualTo(413);
    assertError(client.get("/v2/" + repo + "/manifests/big"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void manifest_putByDigest_checksTheDigest() {
    byte[] manifest = utf8(imageManifest(repo, ""));
    Digest wrong = Digest.sha256(utf8("not the manifest"));
    assertError(
        client.putManifest(repo, wrong.toString(), MediaType.OCI_MANIFEST, manifest),
        400,
        "DIGEST_INVALID");
    assertError(client.get("/v2/" + repo + "/manifests/" + wrong), 404, "MANIFEST_UNKNOWN");
    Digest right = Digest.sha256(manifest);
    assertThat(
            client
                .putManifest(repo, right.toString(), MediaType.OCI_MANIFEST, manifest)
                .statusCode())
        .isEqualTo(201);
    assertThat(client.get("/v2/" + repo + "/manifests/" + right).body()).isEqualTo(manifest);
  }

  @Test
  void manifest_severalTagsAtOnce() {
    byte[] manifest = utf8(imageManifest(repo, ""));
    Digest digest = Digest.sha256(manifest);
    HttpResponse<byte[]> put =
        client.send(
            "PUT",
            "/v2/" + repo + "/manifests/" + digest + "?tag=a&tag=b&tag=c",
            BodyPublishers.ofByteArray(manifest),
            "Content-Type",
            MediaType.OCI_MANIFEST);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().allValues("OCI-Tag")).containsExactly("a", "b", "c");
    JsonNode tags = json(client.get("/v2/" + repo + "/tags/list")).get("tags");
    assertThat(tags.toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
  }

  @Test
  void index_requiresItsChildManifests() {
    byte[] child = utf8(imageManifest(repo, ""));
    Digest childDigest = Digest.sha256(child);
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaType.OCI_INDEX
            + "\",\"manifests\":[{\"mediaType\":\""
            + MediaType.OCI_MANIFEST
            + "\",\"digest\":\""
            + childDigest
            + "\",\"size\":"
            + child.length
            + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
    assertError(
        client.putManifest(repo, "multi", MediaType.OCI_INDEX, utf8(index)),
        400,
        "MANIFEST_BLOB_UNKNOWN");
    assertThat(
            client
                .putManifest(repo, childDigest.toString(), MediaType.OCI_MANIFEST, child)
                .statusCode())
        .isEqualTo(201);
    assertThat(client.putManifest(repo, "multi", MediaType.OCI_INDEX, utf8(index)).statusCode())
        .isEqualTo(201);
    HttpResponse<byte[]> get = client.get("/v2/" + repo + "/manifests/multi");
    assertThat(get.headers().firstValue("Content-Type")).contains(MediaType.OCI_INDEX);
    assertThat(RegistryClient.text(get)).isEqualTo(index);
  }

  @Test
  void dockerSchema2_manifestAndList() {
    String manifest =
        imageManifest(repo, "")
            .replace(MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST)
            .replace(CONFIG_TYPE, MediaType.DOCKER_CONFIG)
            .replace(MediaType.OCI_LAYER_GZIP, MediaType.DOCKER_LAYER_GZIP);
    byte[] bytes = utf8(manifest);
    assertThat(client.putManifest(repo, "docker", MediaType.DOCKER_MANIFEST, bytes).statusCode())
        .isEqualTo(201);
    String list =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaType.DOCKER_MANIFEST_LIST
            + "\",\"manifests\":[{\"mediaType\":\""
            + MediaType.DOCKER_MANIFEST
            + "\",\"digest\":\""
            + Digest.sha256(bytes)
            + "\",\"size\":"
            + bytes.length
            + ",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}]}";
    assertThat(
            client
                .putManifest(repo, "list", MediaType.DOCKER_MANIFEST_LIST, utf8(list))
                .statusCode())
        .isEqualTo(201);
    assertThat(client.get("/v2/" + repo + "/manifests/docker").headers().firstValue("Content-Type"))
        .contains(MediaType.DOCKER_MANIFEST);
    assertThat(client.get("/v2/" + repo + "/manifests/list").headers().firstValue("Content-Type"))
        .contains(MediaType.DOCKER_MANIFEST_LIST);
  }

  // ---- referrers --------------------------------------------------------------------------

  @Test
  void referrers_listArtifactsWithSubjectNotYetPushed() {
    Digest subject = Digest.sha256(utf8("subject pushed later " + repo));
    Digest empty = client.pushBlob(repo, utf8("{}"));
    String artifact =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaType.OCI_MANIFEST
            + "\",\"artifactType\":\"application/vnd.example.sbom\",\"config\":{\"mediaType\":\""
            + MediaType.OCI_EMPTY
            + "\",\"digest\":\""
            + empty
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
            + MediaType.OCI_EMPTY
            + "\",\"digest\":\""
            + empty
            + "\",\"size\":2}],\"subject\":{\"mediaType\":\""
            + MediaType.OCI_MANIFEST
            + "\",\"digest\":\""
            + subject
            + "\",\"size\":123},\"annotations\":{\"org.example.kind\":\"sbom\"}}";
    HttpResponse<byte[]> put =
        client.putManifest(
            repo, Digest.sha256(utf8(artifact)).toString(), MediaType.OCI_MANIFEST, utf8(artifact));
    assertThat(put.statusCode()).as(RegistryClient.text(put)).isEqualTo(201);
    assertThat(put.headers().firstValue("OCI-Subject")).contains(subject.toString());

    String signature =
        imageManifest(
            repo,
            ",\"subject\":{\"mediaType\":\""
                + MediaType.OCI_MANIFEST
                + "\",\"digest\":\""
                + subject
                + "\",\"size\":123}");
    assertThat(
            client
                .putManifest(
                    repo,
                    Digest.sha256(utf8(signature)).toString(),
                    MediaType.OCI_MANIFEST,
                    utf8(signature))
                .statusCode())
        .isEqualTo(201);

    HttpResponse<byte[]> all = client.get("/v2/" + repo + "/referrers/" + subject);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type")).contains(MediaType.OCI_INDEX);
    JsonNode manifests = json(all).get("manifests");
    assertThat(manifests).hasSize(2);
    JsonNode sbom = manifests.get(0);
    assertThat(sbom.get("artifactType").asString()).isEqualTo("application/vnd.example.sbom");
    assertThat(sbom.get("annotations").get("org.example.kind").asString()).isEqualTo("sbom");
    assertThat(sbom.get("digest").asString()).isEqualTo(Digest.sha256(utf8(artifact)).toString());
    assertThat(sbom.get("size").asLong()).isEqualTo(utf8(artifact).length);
    assertThat(manifests.get(1).get("artifactType").asString()).isEqualTo(CONFIG_TYPE);

    HttpResponse<byte[]> filtered =
        client.get(
            "/v2/" + repo + "/referrers/" + subject + "?artifactType=application/vnd.example.sbom");
    assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).contains("artifactType");
    assertThat(json(filtered).get("manifests")).hasSize(1);
    // The "+" of a media type written as is in the query is a plus sign, not a space.
    HttpResponse<byte[]> plus =
        client.get("/v2/" + repo + "/referrers/" + subject + "?artifactType=" + CONFIG_TYPE);
    assertThat(json(plus).get("manifests")).hasSize(1);
    assertThat(json(plus).get("manifests").get(0).get("artifactType").asString())
        .isEqualTo(CONFIG_TYPE);

    HttpResponse<byte[]> none =
        client.get("/v2/" + repo + "/referrers/" + Digest.sha256(utf8("none")));
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(json(none).get("manifests")).isEmpty();
    assertThat(client.get("/v2/no/such/repo/referrers/" + subject).statusCode()).isEqualTo(200);
    assertError(client.get("/v2/" + repo + "/referrers/sha256:nothex"), 400, "DIGEST_INVALID");
  }

  // ---- tags and catalog -------------------------------------------------------------------

  @Test
  void tagsList_paginatesInByteOrder() {
    byte[] manifest = utf8(imageManifest(repo, ""));
    List<String> tags = List.of("b", "a", "B", "_x", "A", "a-1", "a.1", "0");
    for (String tag : tags) {
      assertThat(client.putManifest(repo, tag, MediaType.OCI_MANIFEST, manifest).statusCode())
          .isEqualTo(201);
    }
    assertThat(json(client.get("/v2/" + repo + "/tags/list")).get("tags").toString())
        .isEqualTo("[\"0\",\"A\",\"B\",\"_x\",\"a\",\"a-1\",\"a.1\",\"b\"]");

    HttpResponse<byte[]> page1 = client.get("/v2/" + repo + "/tags/list?n=3");
    assertThat(json(page1).get("tags").toString()).isEqualTo("[\"0\",\"A\",\"B\"]");
    assertThat(page1.headers().firstValue("Link"))
        .contains("</v2/" + repo + "/tags/list?n=3&last=B>; rel=\"next\"");
    HttpResponse<byte[]> page2 = client.get("/v2/" + repo + "/tags/list?n=3&last=B");
    assertThat(json(page2).get("tags").toString()).isEqualTo("[\"_x\",\"a\",\"a-1\"]");
    HttpResponse<byte[]> last = client.get("/v2/" + repo + "/tags/list?n=3&last=a-1");
    assertThat(json(last).get("tags").toString()).isEqualTo("[\"a.1\",\"b\"]");
    assertThat(last.headers().firstValue("Link")).isEmpty();
    assertThat(json(client.get("/v2/" + repo + "/tags/list?n=0")).get("tags")).isEmpty();
    assertThat(json(client.get("/v2/" + repo + "/tags/list")).get("name").asString())
        .isEqualTo(repo);
  }

  @Test
  void tagsList_refusesHugeOrBadN_andUnknownRepository() {
    client.pushBlob(repo, utf8("exists"));
    for (String n : List.of("1001", "99999999999999999999", "-1", "ten")) {
      assertError(
          client.get("/v2/" + repo + "/tags/list?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
    }
    assertError(client.get("/v2/never/pushed/tags/list"), 404, "NAME_UNKNOWN");
  }

  @Test
  void catalog_paginates() {
    for (String suffix : List.of("c", "a", "b")) {
      client.pushBlob(repo + "/" + suffix, utf8("catalog " + suffix));
    }
    HttpResponse<byte[]> page = client.get("/v2/_catalog?n=2&last=" + repo);
    assertThat(json(page).get("repositories").toString())
        .isEqualTo("[\"" + repo + "/a\",\"" + repo + "/b\"]");
    assertThat(page.headers().firstValue("Link"))
        .hasValueSatisfying(
            link ->
                assertThat(link).startsWith("</v2/_catalog?n=2&last=").endsWith("rel=\"next\""));
    assertError(client.get("/v2/_catalog?n=100000"), 400, "PAGINATION_NUMBER_INVALID");
  }

  // ---- deletion ---------------------------------------------------------------------------

  @Test
  void deleteTag_keepsManifest_deleteManifest_removesItsTags() {
    byte[] manifest = utf8(imageManifest(repo, ""));
    Digest digest = Digest.sha256(manifest);
    client.putManifest(repo, "one", MediaType.OCI_MANIFEST, manifest);
    client.putManifest(repo, "two", MediaType.OCI_MANIFEST, manifest);
    client.get("/v2/" + repo + "/manifests/one");

    assertThat(client.delete("/v2/" + repo + "/manifests/one").statusCode()).isEqualTo(202);
    assertError(client.get("/v2/" + repo + "/manifests/one"), 404, "MANIFEST_UNKNOWN");
    assertThat(client.get("/v2/" + repo + "/manifests/" + digest).statusCode()).isEqualTo(200);
    assertError(client.delete("/v2/" + repo + "/manifests/one"), 404, "MANIFEST_UNKNOWN");

    assertThat(client.delete("/v2/" + repo + "/manifests/" + digest).statusCode()).isEqualTo(202);
    assertError(client.get("/v2/" + repo + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    assertError(client.get("/v2/" + repo + "/manifests/two"), 404, "MANIFEST_UNKNOWN");
    assertThat(json(client.get("/v2/" + repo + "/tags/list")).get("tags")).isEmpty();
  }
}
