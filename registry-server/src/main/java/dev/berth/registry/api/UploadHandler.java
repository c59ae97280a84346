package dev.berth.registry.api;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.blob.UploadService;
import dev.berth.registry.blob.UploadStatus;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.notify.Notifications;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * {@code /v2/<name>/blobs/uploads/}: start (with monolithic and mount variants), and {@code
 * …/uploads/<id>}: PATCH a chunk, PUT to complete, GET status, DELETE to cancel.
 */
@Component
class UploadHandler {
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

  private final UploadService uploads;
  private final BlobService blobs;
  private final Notifications notifications;

  UploadHandler(UploadService uploads, BlobService blobs, Notifications notifications) {
    this.uploads = uploads;
    this.blobs = blobs;
    this.notifications = notifications;
  }

  void start(
      String method, RepositoryName name, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(method)) {
      throw RegistryApiController.unsupported(method, "blobs/uploads/");
    }
    QueryParameters query = QueryParameters.of(request);
    Optional<String> mount = query.first("mount");
    if (mount.isPresent()) {
      Digest digest = Digest.parse(mount.get());
      Optional<String> fromParam = query.first("from");
      Optional<RepositoryName> from =
          fromParam.filter(RepositoryName::isValid).map(RepositoryName::new);
      boolean fromGivenButInvalid = fromParam.isPresent() && from.isEmpty();
      if (!fromGivenButInvalid && blobs.mount(name, digest, from)) {
        notifications.blobMounted(request, name, digest, from, () -> blobs.stat(name, digest));
        created(name, digest, response);
        return;
      }
    }
    Optional<String> digestParam = query.first("digest");
    if (digestParam.isPresent()) {
      Digest digest = Digest.parse(digestParam.get());
      uploads.uploadMonolithic(name, digest, request.getInputStream());
      notifications.blobPushed(request, name, digest, () -> blobs.stat(name, digest));
      created(name, digest, response);
      return;
    }
    UploadStatus status = uploads.start(name);
    accepted(name, status, response, HttpServletResponse.SC_ACCEPTED);
  }

  void handle(
      String method,
      RepositoryName name,
      String id,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    switch (method) {
      case "PATCH" -> {
        Long start = rangeStart(request);
        UploadStatus status = uploads.append(name, id, request.getInputStream(), start);
        accepted(name, status, response, HttpServletResponse.SC_ACCEPTED);
      }
      case "PUT" -> {
        Digest digest =
            QueryParameters.of(request)
                .first("digest")
                .map(Digest::parse)
                .orElseThrow(
                    () ->
                        new RegistryException(
                            ErrorCode.DIGEST_INVALID,
                            "the digest query parameter is required to complete"));
        uploads.complete(name, id, digest, request.getInputStream());
        notifications.blobPushed(request, name, digest, () -> blobs.stat(name, digest));
        created(name, digest, response);
      }
      case "GET", "HEAD" -> {
        UploadStatus status = uploads.status(name, id);
        accepted(name, status, response, HttpServletResponse.SC_NO_CONTENT);
      }
      case "DELETE" -> {
        uploads.cancel(name, id);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
      default -> throw RegistryApiController.unsupported(method, "blobs/uploads/<id>");
    }
  }

  /** The start offset from {@code Content-Range}, checked against {@code Content-Length}. */
  private static Long rangeStart(HttpServletRequest request) {
    String header = request.getHeader("Content-Range");
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher m = CONTENT_RANGE.matcher(header.trim());
    if (!m.matches()) {
      throw new RegistryException(
          ErrorCode.BLOB_UPLOAD_INVALID, "malformed Content-Range: " + header);
    }
    long start;
    long end;
    try {
      start = Long.parseLong(m.group(1));
      end = Long.parseLong(m.group(2));
    } catch (NumberFormatException e) {
      throw new RegistryException(
          ErrorCode.BLOB_UPLOAD_INVALID, "malformed Content-Range: " + header);
    }
    if (end < start) {
      throw new RegistryException(
          ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range ends before it starts: " + header);
    }
    long length = request.getContentLengthLong();
    if (length >= 0 && length != end - start + 1) {
      throw new RegistryException(
          ErrorCode.SIZE_INVALID,
          "Content-Range " + header + " does not match Content-Length " + length);
    }
    return start;
  }

  private static void created(RepositoryName name, Digest digest, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_CREATED);
    response.setHeader("Location", "/v2/" + name + "/blobs/" + digest);
    response.setHeader(ApiHeaders.CONTENT_DIGEST, digest.toString());
    response.setContentLength(0);
  }

  private static void accepted(
      RepositoryName name, UploadStatus status, HttpServletResponse response, int code) {
    response.setStatus(code);
    response.setHeader("Location", "/v2/" + name + "/blobs/uploads/" + status.id());
    response.setHeader("Range", status.range());
    response.setHeader(ApiHeaders.UPLOAD_UUID, status.id());
    response.setContentLength(0);
  }
}
