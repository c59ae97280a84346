package dev.berth.registry.manifest;

import java.time.Instant;

/**
 * What the tag list shows of a manifest beyond its row: computed once from its config or children.
 *
 * @param created when the image was built (the config's {@code created}); for an index the newest
 *     child's; null when unknown
 * @param platforms {@code os/arch[/variant]} of the image, or of every child of an index, joined
 *     with ", "; empty for artifacts
 * @param totalSize compressed bytes: the manifest, its config and layers; for an index, itself and
 *     its children
 */
public record ImageSummary(Instant created, String platforms, long totalSize) {}
