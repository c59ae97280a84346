package dev.berth.registry.manifest;

import dev.berth.oci.Digest;

/**
 * A manifest as served: its digest, media type and the exact bytes pushed.
 *
 * @param digest the digest of {@code content}
 * @param mediaType the media type to send as Content-Type
 * @param content the pushed bytes; never modify
 */
public record StoredManifest(Digest digest, String mediaType, byte[] content) {}
