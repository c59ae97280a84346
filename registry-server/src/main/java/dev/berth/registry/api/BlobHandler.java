package dev.berth.registry.api;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.blob.OpenBlob;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.notify.Notifications;
import dev.berth.registry.proxy.PullThroughBlobs;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code /v2/<name>/blobs/<digest>}: GET (whole or one range), HEAD, DELETE. Bytes are streamed,
 * handed to Tomcat's {@code sendfile} path when the blob is a local file and the connector supports
 * it (where {@code BlobSendingProtocol} copies it in 1 MiB writes), or redirected to the object
 * store when storage offers a presigned URL.
 */
@Component
class BlobHandler {
  private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
  private static final String SENDFILE_NAME = "org.apache.tomcat.sendfile.filename";
  private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
  private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

  private final BlobService blobs;
  private final PullThroughBlobs pullThrough;
  private final Notifications notifications;

  BlobHandler(BlobService blobs, PullThroughBlobs pullThrough, Notifications notifications) {
    this.blobs = blobs;
    this.pullThrough = pullThrough;
    this.notifications = notifications;
  }

  void handle(
      String method,
      RepositoryName name,
      String reference,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    Digest digest = Digest.parse(reference);
    switch (method) {
      case "GET", "HEAD" -> get(method, name, digest, request, response);
      case "DELETE" -> {
        blobs.delete(name, digest);
        notifications.blobDeleted(request, name, digest);
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentLength(0);
      }
      default -> throw RegistryApiController.unsupported(method, "blobs");
    }
  }

  private void get(
      String method,
      RepositoryName name,
      Digest digest,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    OpenBlob content = pullThrough.open(name, digest);
    Optional<URI> redirect = "GET".equals(method) ? content.redirect() : Optional.empty();
    if ("GET".equals(method)) {
      notifications.blobPulled(request, name, digest, content.size());
    }
    if (redirect.isPresent()) {
      // As distribution does for object storage: the client fetches (and ranges) from the store.
      response.setStatus(HttpServletResponse.SC_TEMPORARY_REDIRECT);
      response.setHeader(ApiHeaders.CONTENT_DIGEST, digest.toString());
      response.setHeader("Location", redirect.get().toString());
      response.setContentLength(0);
      return;
    }
    long size = content.size();
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(request.getHeader("Range"), size);
    } catch (ByteRange.Unsatisfiable e) {
      throw new RegistryException(
          ErrorCode.BLOB_RANGE_INVALID,
          "range " + request.getHeader("Range") + " is not satisfiable for " + size + " bytes",
          null,
          Map.of("Content-Range", "bytes */" + size));
    }
    long start = range.map(ByteRange::start).orElse(0L);
    long length = range.map(ByteRange::length).orElse(size);
    response.setHeader(ApiHeaders.CONTENT_DIGEST, digest.toString());
    response.setHeader("Accept-Ranges", "bytes");
    response.setHeader("ETag", '"' + digest.toString() + '"');
    response.setHeader("Cache-Control", "max-age=31536000");
    response.setContentType("application/octet-stream");
    response.setContentLengthLong(length);
    if (range.isPresent()) {
      response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
      response.setHeader("Content-Range", "bytes " + start + "-" + range.get().end() + "/" + size);
    } else {
      response.setStatus(HttpServletResponse.SC_OK);
    }
    if ("HEAD".equals(method) || length == 0) {
      return;
    }
    Optional<Path> file = content.localFile();
    if (file.isPresent() && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
      request.setAttribute(SENDFILE_NAME, file.get().toString());
      request.setAttribute(SENDFILE_START, start);
      request.setAttribute(SENDFILE_END, start + length);
      return;
    }
    try (InputStream in = content.openStream(start)) {
      copy(in, response.getOutputStream(), length);
    }
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long remaining = length;
    while (remaining > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        throw new IOException("blob ended " + remaining + " bytes early");
      }
      out.write(buffer, 0, read);
      remaining -= read;
    }
  }
}
