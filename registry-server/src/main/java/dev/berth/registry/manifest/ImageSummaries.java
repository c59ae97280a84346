package dev.berth.registry.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.blob.OpenBlob;
import dev.berth.registry.error.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;

/**
 * Computes and keeps {@link ImageSummary} rows. The created time and platform live in the config
 * blob, which a tag list of thousands cannot read per request, so each manifest's summary is
 * computed the first time it is listed and read from {@code image_summary} afterwards. Content is
 * immutable, so a summary never goes stale.
 */
@Service
public class ImageSummaries {
  private static final Logger log = LoggerFactory.getLogger(ImageSummaries.class);
  private static final int CONFIG_MAX_BYTES = 8 * 1024 * 1024;

  private final JdbcTemplate jdbc;
  private final ManifestService manifests;
  private final BlobService blobs;

  public ImageSummaries(JdbcTemplate jdbc, ManifestService manifests, BlobService blobs) {
    this.jdbc = jdbc;
    this.manifests = manifests;
    this.blobs = blobs;
  }

  /** The stored summary of a manifest row, computing and storing it first when absent. */
  public ImageSummary summary(RepositoryName repository, long manifestId) {
    return find(manifestId).orElseGet(() -> compute(repository, manifestId, 0));
  }

  private Optional<ImageSummary> find(long manifestId) {
    return jdbc
        .query(
            "select created_at, platforms, total_size from image_summary where manifest_id = ?",
            (rs, i) ->
                new ImageSummary(
                    toInstant(rs.getTimestamp(1)), nullToEmpty(rs.getString(2)), rs.getLong(3)),
            manifestId)
        .stream()
        .findFirst();
  }

  private ImageSummary compute(RepositoryName repository, long manifestId, int depth) {
    ManifestRow row =
        jdbc.queryForObject(
            "select digest, media_type, size from manifest where id = ?",
            (rs, i) -> new ManifestRow(rs.getString(1), rs.getString(2), rs.getLong(3)),
            manifestId);
    ImageSummary summary;
    try {
      summary =
          MediaType.isIndex(row.mediaType()) && depth == 0
              ? indexSummary(repository, manifestId, row)
              : imageSummary(repository, manifestId, row);
    } catch (ContentUnavailableException e) {
      // A blob could not be read just now: show what is known, store nothing, try again next time.
      log.warn("summary of {} is incomplete: {}", row.digest(), e.getMessage());
      return new ImageSummary(null, "", row.size());
    }
    try {
      jdbc.update(
          "insert into image_summary (manifest_id, created_at, platforms, total_size)"
              + " values (?, ?, ?, ?)",
          manifestId,
          summary.created() == null ? null : Timestamp.from(summary.created()),
          truncate(summary.platforms(), 2000),
          summary.totalSize());
    } catch (DataIntegrityViolationException raced) {
      // Another request stored the same summary, or the manifest was deleted meanwhile.
    }
    return summary;
  }

  private ImageSummary imageSummary(RepositoryName repository, long manifestId, ManifestRow row) {
    long total = row.size();
    String configDigest = null;
    for (ReferenceRow reference : references(manifestId)) {
      total += reference.size();
      if ("CONFIG".equals(reference.kind())) {
        configDigest = reference.digest();
      }
    }
    Instant created = null;
    String platform = "";
    Optional<ImageConfig> config = config(repository, configDigest);
    if (config.isPresent()) {
      created = parseTime(config.get().created());
      if (config.get().os() != null && config.get().architecture() != null) {
        platform =
            Platform.of(config.get().os(), config.get().architecture(), config.get().variant())
                .toString();
      }
    }
    return new ImageSummary(created, platform, total);
  }

  private ImageSummary indexSummary(RepositoryName repository, long manifestId, ManifestRow row) {
    long total = row.size();
    Instant newest = null;
    for (ReferenceRow child : references(manifestId)) {
      Optional<Long> childId =
          jdbc
              .queryForList(
                  "select m.id from manifest m, manifest p where p.id = ?"
                      + " and m.repository_id = p.repository_id and m.digest = ?",
                  Long.class,
                  manifestId,
                  child.digest())
              .stream()
              .findFirst();
      if (childId.isEmpty()) {
        total += child.size();
        continue;
      }
      ImageSummary summary =
          find(childId.get()).orElseGet(() -> compute(repository, childId.get(), 1));
      total += summary.totalSize();
      if (summary.created() != null && (newest == null || summary.created().isAfter(newest))) {
        newest = summary.created();
      }
    }
    return new ImageSummary(newest, String.join(", ", platforms(repository, row)), total);
  }

  private Set<String> platforms(RepositoryName repository, ManifestRow row) {
    Set<String> platforms = new LinkedHashSet<>();
    try {
      ImageIndex index =
          OciJson.mapper()
              .readValue(manifests.get(repository, row.digest()).content(), ImageIndex.class);
      for (Descriptor child : index.manifests()) {
        Platform platform = child.platform();
        if (platform != null
            && platform.os() != null
            && !"unknown".equals(platform.os())
            && platform.architecture() != null) {
          platforms.add(platform.toString());
        }
      }
    } catch (JacksonException e) {
      log.debug("index {} has no readable platforms: {}", row.digest(), e.getMessage());
    }
    return platforms;
  }

  private Optional<ImageConfig> config(RepositoryName repository, String configDigest) {
    if (configDigest == null) {
      return Optional.empty();
    }
    try {
      OpenBlob content = blobs.open(repository, Digest.parse(configDigest));
      if (content.size() > CONFIG_MAX_BYTES) {
        return Optional.empty();
      }
      try (InputStream in = content.openStream(0)) {
        return Optional.of(OciJson.mapper().readValue(in.readAllBytes(), ImageConfig.class));
      }
    } catch (IOException | UncheckedIOException | RegistryException e) {
      throw new ContentUnavailableException(configDigest + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // Artifacts have configs that are not image configs (or none at all); that is not an error.
      log.debug("config {} is not an image config: {}", configDigest, e.getMessage());
      return Optional.empty();
    }
  }

  private List<ReferenceRow> references(long manifestId) {
    return new ArrayList<>(
        jdbc.query(
            "select kind, digest, size from manifest_reference where manifest_id = ?"
                + " order by position",
            (rs, i) -> new ReferenceRow(rs.getString(1), rs.getString(2), rs.getLong(3)),
            manifestId));
  }

  /** Parses an RFC 3339 time as configs write it; null when absent or malformed. */
  static Instant parseTime(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant toInstant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  /** A blob the summary needs cannot be read now (missing file, I/O error). */
  private static final class ContentUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContentUnavailableException(String message) {
      super(message);
    }
  }

  private record ManifestRow(String digest, String mediaType, long size) {}

  private record ReferenceRow(String kind, String digest, long size) {}
}
