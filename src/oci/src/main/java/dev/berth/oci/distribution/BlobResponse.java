package dev.berth.oci.distribution;

import java.io.InputStream;

/**
 * An open blob download.
 *
 * @param body the remaining bytes; the caller closes it
 * @param offset where {@code body} starts in the blob: the requested offset when the registry
 *     honoured the {@code Range}, else 0
 * @param length the bytes {@code body} will give ({@code Content-Length}), or -1 when not declared
 */
public record BlobResponse(InputStream body, long offset, long length) {}
