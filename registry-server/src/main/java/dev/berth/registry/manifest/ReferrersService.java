package dev.berth.registry.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.OciJson;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.catalog.RepositoryService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;

/**
 * The referrers of a manifest: manifests whose {@code subject} names it. Subjects need not exist,
 * so an unknown digest has an empty list, never a 404.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers">distribution-spec
 *     listing referrers</a>
 */
@Service
public class ReferrersService {
  private static final TypeReference<LinkedHashMap<String, String>> ANNOTATIONS =
      new TypeReference<>() {};

  private final ManifestRecords manifests;
  private final RepositoryService repositories;

  public ReferrersService(ManifestRecords manifests, RepositoryService repositories) {
    this.manifests = manifests;
    this.repositories = repositories;
  }

  /**
   * Descriptors of the manifests referring to {@code subject}, oldest first.
   *
   * @param artifactType when not null, only referrers of this artifact type
   */
  public List<Descriptor> list(RepositoryName repository, Digest subject, String artifactType) {
    Optional<Long> repositoryId = repositories.find(repository);
    if (repositoryId.isEmpty()) {
      return List.of();
    }
    return manifests
        .findByRepositoryIdAndSubjectDigestOrderByPushedAtAsc(
            repositoryId.get(), subject.toString())
        .stream()
        .map(ReferrersService::descriptor)
        .filter(d -> artifactType == null || artifactType.equals(d.artifactType()))
        .toList();
  }

  private static Descriptor descriptor(ManifestRecord record) {
    String artifactType = record.artifactType();
    Map<String, String> annotations =
        record.annotations() == null
            ? Map.of()
            : OciJson.mapper().readValue(record.annotations(), ANNOTATIONS);
    return new Descriptor(
        record.mediaType(),
        Digest.parse(record.digest()),
        record.size(),
        null,
        annotations,
        null,
        artifactType,
        null);
  }
}
