package dev.berth.registry.manifest;

import dev.berth.oci.Digest;
import java.util.List;

/**
 * The outcome of a manifest push.
 *
 * @param digest the manifest's digest
 * @param mediaType the manifest's media type, as stored
 * @param size its size in bytes
 * @param subject the subject it refers to, or null (answered as {@code OCI-Subject})
 * @param tags the tags now pointing at it
 */
public record PutResult(
    Digest digest, String mediaType, long size, Digest subject, List<String> tags) {}
