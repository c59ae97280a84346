package dev.berth.agent.pull;

import java.io.InputStream;

/**
 * An open blob download.
 *
 * @param body the remaining bytes; the caller closes it
 * @param offset where {@code body} starts in the blob: the requested offset when the registry
 *     honoured the {@code Range}, else 0
 */
public record BlobResponse(InputStream body, long offset) {}
