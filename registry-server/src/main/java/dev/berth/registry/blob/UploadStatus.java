package dev.berth.registry.blob;

/**
 * Where an upload stands: its id and how many bytes it holds.
 *
 * @param id the session id, used in the upload URL
 * @param size bytes received so far
 */
public record UploadStatus(String id, long size) {
  /**
   * The {@code Range} header value: the inclusive range received, {@code 0-0} when nothing was
   * received yet (as the reference registry answers, and clients expect).
   */
  public String range() {
    return "0-" + Math.max(0, size - 1);
  }
}
