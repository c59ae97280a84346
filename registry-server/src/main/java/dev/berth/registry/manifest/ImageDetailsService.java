package dev.berth.registry.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.blob.OpenBlob;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.error.ManifestUnknownException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/** Reads one manifest with its config, layers, children and referrers for the image page. */
@Service
public class ImageDetailsService {
  private static final Logger log = LoggerFactory.getLogger(ImageDetailsService.class);
  private static final int CONFIG_MAX_BYTES = 8 * 1024 * 1024;
  private static final TypeReference<LinkedHashMap<String, String>> ANNOTATIONS =
      new TypeReference<>() {};

  private final ManifestService manifests;
  private final ManifestRecords records;
  private final RepositoryService repositories;
  private final TagQueries tags;
  private final BlobService blobs;

  public ImageDetailsService(
      ManifestService manifests,
      ManifestRecords records,
      RepositoryService repositories,
      TagQueries tags,
      BlobService blobs) {
    this.manifests = manifests;
    this.records = records;
    this.repositories = repositories;
    this.tags = tags;
    this.blobs = blobs;
  }

  /** The digest a tag points at; MANIFEST_UNKNOWN when there is no such tag. */
  public Digest resolve(RepositoryName repository, String tag) {
    return manifests.get(repository, tag).digest();
  }

  /** The image page's content for {@code digest}; MANIFEST_UNKNOWN when not in the repository. */
  public ImageDetails details(RepositoryName repository, Digest digest) {
    StoredManifest stored = manifests.get(repository, digest.toString());
    long repositoryId = repositories.require(repository);
    TagQueries.ManifestInfo info =
        tags.manifests(repository, repositoryId, List.of(digest.toString())).get(digest.toString());
    if (info == null) {
      throw new ManifestUnknownException(repository.value(), digest.toString());
    }
    List<String> tagNames = tags.tagsOf(repository, digest.toString());
    Map<String, List<ImageDetails.Referrer>> referrers = referrers(repositoryId, digest);
    if (MediaType.isIndex(stored.mediaType())) {
      ImageIndex index = OciJson.mapper().readValue(stored.content(), ImageIndex.class);
      List<ImageDetails.Child> children = new ArrayList<>();
      for (Descriptor child : index.manifests()) {
        children.add(
            new ImageDetails.Child(
                child,
                platformLabel(child),
                records.existsByRepositoryIdAndDigest(repositoryId, child.digest().toString())));
      }
      return new ImageDetails(
          repository.value(),
          info,
          stored.content().length,
          tagNames,
          index.annotations(),
          index.subject() == null ? null : index.subject().digest().toString(),
          null,
          null,
          List.of(),
          List.of(),
          children,
          referrers);
    }
    ImageManifest manifest = OciJson.mapper().readValue(stored.content(), ImageManifest.class);
    ImageConfig config = config(repository, manifest.config());
    List<ImageConfig.History> history = config == null ? List.of() : config.history();
    return new ImageDetails(
        repository.value(),
        info,
        stored.content().length,
        tagNames,
        manifest.annotations(),
        manifest.subject() == null ? null : manifest.subject().digest().toString(),
        manifest.config(),
        config,
        layers(manifest.layers(), history),
        history,
        List.of(),
        referrers);
  }

  /**
   * Pairs layers with the history steps that made them: steps marked {@code empty_layer} made none,
   * every other step made the next layer.
   */
  static List<ImageDetails.Layer> layers(
      List<Descriptor> layers, List<ImageConfig.History> history) {
    List<String> steps = new ArrayList<>();
    for (ImageConfig.History step : history) {
      if (!step.emptyLayer()) {
        steps.add(step.createdBy());
      }
    }
    boolean aligned = steps.size() == layers.size();
    List<ImageDetails.Layer> result = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      result.add(
          new ImageDetails.Layer(i, layer, aligned ? steps.get(i) : null, !layer.urls().isEmpty()));
    }
    return result;
  }

  private Map<String, List<ImageDetails.Referrer>> referrers(long repositoryId, Digest subject) {
    Map<String, List<ImageDetails.Referrer>> grouped = new TreeMap<>();
    for (ManifestRecord record :
        records.findByRepositoryIdAndSubjectDigestOrderByPushedAtAsc(
            repositoryId, subject.toString())) {
      Map<String, String> annotations =
          record.annotations() == null
              ? Map.of()
              : OciJson.mapper().readValue(record.annotations(), ANNOTATIONS);
      String type = record.artifactType() == null ? "(no artifact type)" : record.artifactType();
      grouped
          .computeIfAbsent(type, key -> new ArrayList<>())
          .add(
              new ImageDetails.Referrer(
                  record.digest(),
                  record.mediaType(),
                  record.size(),
                  record.pushedAt(),
                  annotations));
    }
    return grouped;
  }

  private ImageConfig config(RepositoryName repository, Descriptor descriptor) {
    if (descriptor == null
        || !(MediaType.OCI_CONFIG.equals(descriptor.mediaType())
            || MediaType.DOCKER_CONFIG.equals(descriptor.mediaType()))) {
      return null;
    }
    try {
      OpenBlob content = blobs.open(repository, descriptor.digest());
      if (content.size() > CONFIG_MAX_BYTES) {
        return null;
      }
      try (InputStream in = content.openStream(0)) {
        return OciJson.mapper().readValue(in.readAllBytes(), ImageConfig.class);
      }
    } catch (IOException | JacksonException e) {
      log.warn("cannot read config {}: {}", descriptor.digest(), e.getMessage());
      return null;
    }
  }

  private static String platformLabel(Descriptor child) {
    Platform platform = child.platform();
    String referenceType = child.annotations().get("vnd.docker.reference.type");
    if (referenceType != null) {
      return referenceType.replace('-', ' ');
    }
    if (platform == null || platform.os() == null || platform.architecture() == null) {
      return "—";
    }
    return platform.toString();
  }
}
