package dev.berth.registry.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.blob.BlobReservations;
import dev.berth.registry.blob.BlobReservations.Reservation;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.error.DigestMismatchException;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.ManifestUnknownException;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.manifest.ManifestReference.Kind;
import dev.berth.registry.storage.BlobContent;
import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.storage.UploadWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Manifests and tags: push with validation, pull of the exact pushed bytes, deletion.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests">distribution-spec
 *     pushing manifests</a>
 */
@Service
public class ManifestService {
  private final ManifestRecords manifests;
  private final ManifestReferences references;
  private final TagRecords tags;
  private final RepositoryService repositories;
  private final BlobService blobs;
  private final BlobReservations reservations;
  private final BlobStorage storage;
  private final ManifestCache cache;
  private final TagImmutability immutability;
  private final TransactionTemplate transaction;
  private final TransactionTemplate newTransaction;

  public ManifestService(
      ManifestRecords manifests,
      ManifestReferences references,
      TagRecords tags,
      RepositoryService repositories,
      BlobService blobs,
      BlobReservations reservations,
      BlobStorage storage,
      ManifestCache cache,
      TagImmutability immutability,
      PlatformTransactionManager transactions) {
    this.manifests = manifests;
    this.references = references;
    this.tags = tags;
    this.repositories = repositories;
    this.blobs = blobs;
    this.reservations = reservations;
    this.storage = storage;
    this.cache = cache;
    this.immutability = immutability;
    this.transaction = new TransactionTemplate(transactions);
    this.newTransaction = new TransactionTemplate(transactions);
    this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** The manifest a tag or digest names in {@code repository}; MANIFEST_UNKNOWN otherwise. */
  public StoredManifest get(RepositoryName repository, String reference) {
    String digest = cache.resolution(repository.value(), reference);
    if (digest == null) {
      digest = resolve(repository, reference);
      cache.putResolution(repository.value(), reference, digest);
    }
    StoredManifest cached = cache.content(digest);
    if (cached != null) {
      return cached;
    }
    StoredManifest loaded = load(repository, reference, digest);
    cache.putContent(loaded);
    return loaded;
  }

  /** True when {@code repository} holds the manifest {@code digest}. */
  public boolean contains(RepositoryName repository, Digest digest) {
    return repositories
        .find(repository)
        .map(id -> manifests.existsByRepositoryIdAndDigest(id, digest.toString()))
        .orElse(false);
  }

  /** The manifest {@code tag} points at in {@code repository}, if the tag exists. */
  public Optional<Digest> tagged(RepositoryName repository, String tag) {
    return repositories
        .find(repository)
        .flatMap(id -> tags.findByRepositoryIdAndName(id, tag))
        .map(record -> Digest.parse(record.manifestDigest()));
  }

  /**
   * Stores a manifest and points tags at it.
   *
   * @param reference the tag or digest in the request path
   * @param extraTags further tags to apply ({@code ?tag=}), validated like the path's
   */
  public PutResult put(
      RepositoryName repository,
      String reference,
      String contentType,
      byte[] body,
      List<String> extraTags) {
    blobs.requirePushable(repository);
    ParsedManifest manifest = ManifestParser.parse(body, contentType);
    Set<String> tagNames = new LinkedHashSet<>();
    Digest digest;
    if (isDigest(reference)) {
      Digest claimed = Digest.parse(reference);
      digest = Digest.of(claimed.algorithm(), body);
      if (!digest.equals(claimed)) {
        throw new DigestMismatchException(claimed, digest);
      }
    } else {
      tagNames.add(requireTag(reference));
      digest = Digest.sha256(body);
    }
    for (String extra : extraTags) {
      tagNames.add(requireTag(extra));
    }
    requireUnmoved(repository, tagNames, digest);
    long repositoryId = repositories.findOrCreate(repository);
    List<Reservation> reserved = new ArrayList<>();
    try {
      requireReferencedContent(repositoryId, manifest, reserved);
      store(repository, repositoryId, digest, manifest, body, tagNames, true);
      blobs.retain(repositoryId, referencedBlobs(manifest));
    } finally {
      reservations.end(reserved);
    }
    Digest subject = manifest.subject() == null ? null : manifest.subject().digest();
    return new PutResult(digest, manifest.mediaType(), body.length, subject, List.copyOf(tagNames));
  }

  /**
   * Keeps a manifest fetched from the registry a pull-through cache mirrors, and points {@code tag}
   * at it. Unlike a push, the blobs it references need not be here: they are fetched when pulled.
   *
   * @param tag the tag it was fetched by, or null when fetched by digest
   */
  public void storeFetched(
      RepositoryName repository, Digest digest, String mediaType, byte[] body, String tag) {
    ParsedManifest manifest = ManifestParser.parse(body, mediaType);
    long repositoryId = repositories.findOrCreate(repository);
    store(
        repository,
        repositoryId,
        digest,
        manifest,
        body,
        tag == null ? Set.of() : Set.of(requireTag(tag)),
        false);
  }

  private void store(
      RepositoryName repository,
      long repositoryId,
      Digest digest,
      ParsedManifest manifest,
      byte[] body,
      Set<String> tagNames,
      boolean pushed) {
    Reservation bytes = storeBytes(digest, body);
    try {
      insertIfAbsent(repositoryId, digest, manifest, body.length);
    } finally {
      reservations.end(bytes);
    }
    transaction.executeWithoutResult(
        status -> {
          Instant now = Instant.now();
          for (String tag : tagNames) {
            Optional<TagRecord> existing = tags.findByRepositoryIdAndName(repositoryId, tag);
            if (existing.isPresent()) {
              if (pushed && !existing.get().manifestDigest().equals(digest.toString())) {
                // Checked again here: another push may have taken the tag since requireUnmoved.
                immutability.requireMutable(
                    repository, List.of(tag), "pointed at another manifest");
              }
              existing.get().pointTo(digest.toString(), now);
            } else {
              tags.save(new TagRecord(repositoryId, tag, digest.toString(), now));
            }
          }
          repositories.touch(repositoryId);
        });
    cache.invalidate(repository.value(), digest.toString());
    tagNames.forEach(tag -> cache.invalidate(repository.value(), tag));
  }

  /**
   * Deletes a tag, or a manifest with every tag pointing at it.
   *
   * @return the tags that were removed
   */
  public List<String> delete(RepositoryName repository, String reference) {
    blobs.requireDeletable();
    long repositoryId =
        repositories
            .find(repository)
            .orElseThrow(() -> new ManifestUnknownException(repository.value(), reference));
    List<String> removed = new ArrayList<>();
    if (isDigest(reference)) {
      Digest digest = Digest.parse(reference);
      ManifestRecord record =
          manifests
              .findByRepositoryIdAndDigest(repositoryId, digest.toString())
              .orElseThrow(() -> new ManifestUnknownException(repository.value(), reference));
      transaction.executeWithoutResult(
          status -> {
            tags.findByRepositoryIdAndManifestDigest(repositoryId, digest.toString())
                .forEach(tag -> removed.add(tag.name()));
            immutability.requireMutable(repository, removed, "deleted, nor its manifest");
            tags.deleteByManifest(repositoryId, digest.toString());
            references.deleteByManifest(record.id());
            manifests.deleteRow(record.id());
            reservations.startGrace(digest);
          });
      cache.invalidate(repository.value(), digest.toString());
    } else {
      String tag = requireTag(reference);
      immutability.requireMutable(repository, List.of(tag), "deleted");
      TagRecord record =
          tags.findByRepositoryIdAndName(repositoryId, tag)
              .orElseThrow(() -> new ManifestUnknownException(repository.value(), reference));
      transaction.executeWithoutResult(status -> tags.deleteById(record.id()));
      removed.add(tag);
    }
    removed.forEach(tag -> cache.invalidate(repository.value(), tag));
    return removed;
  }

  /** Refuses a push that would move a tag the immutability rules cover; re-pushing is fine. */
  private void requireUnmoved(RepositoryName repository, Set<String> tagNames, Digest digest) {
    for (String tag : tagNames) {
      if (immutability.covers(repository, tag)
          && tagged(repository, tag).filter(current -> !current.equals(digest)).isPresent()) {
        immutability.requireMutable(repository, List.of(tag), "pointed at another manifest");
      }
    }
  }

  private String resolve(RepositoryName repository, String reference) {
    long repositoryId =
        repositories
            .find(repository)
            .orElseThrow(() -> new ManifestUnknownException(repository.value(), reference));
    if (isDigest(reference)) {
      String digest = Digest.parse(reference).toString();
      if (!manifests.existsByRepositoryIdAndDigest(repositoryId, digest)) {
        throw new ManifestUnknownException(repository.value(), reference);
      }
      return digest;
    }
    return tags.findByRepositoryIdAndName(repositoryId, requireTag(reference))
        .map(TagRecord::manifestDigest)
        .orElseThrow(() -> new ManifestUnknownException(repository.value(), reference));
  }

  private StoredManifest load(RepositoryName repository, String reference, String digest) {
    long repositoryId = repositories.require(repository);
    ManifestRecord record =
        manifests
            .findByRepositoryIdAndDigest(repositoryId, digest)
            .orElseThrow(() -> new ManifestUnknownException(repository.value(), reference));
    Digest parsed = Digest.parse(digest);
    try {
      BlobContent content =
          storage
              .open(parsed, record.size())
              .orElseThrow(() -> new ManifestUnknownException(repository.value(), reference));
      try (InputStream in = content.openStream(0)) {
        return new StoredManifest(parsed, record.mediaType(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Descriptor> referencedBlobs(ParsedManifest manifest) {
    List<Descriptor> blobRefs = new ArrayList<>();
    if (manifest.config() != null) {
      blobRefs.add(manifest.config());
    }
    blobRefs.addAll(manifest.layers());
    return blobRefs;
  }

  /** Checks what the manifest references is here, reserving its blobs into {@code reserved}. */
  private void requireReferencedContent(
      long repositoryId, ParsedManifest manifest, List<Reservation> reserved) {
    for (Descriptor blob : referencedBlobs(manifest)) {
      if (!blob.urls().isEmpty()) {
        continue; // non-distributable layers live elsewhere by design
      }
      reserved.add(
          blobs
              .reserveLinked(repositoryId, blob.digest())
              .orElseThrow(() -> unknownReference(blob.digest())));
    }
    for (Descriptor child : manifest.manifests()) {
      if (!manifests.existsByRepositoryIdAndDigest(repositoryId, child.digest().toString())) {
        throw unknownReference(child.digest());
      }
    }
  }

  private static RegistryException unknownReference(Digest digest) {
    return new RegistryException(
        ErrorCode.MANIFEST_BLOB_UNKNOWN,
        "manifest references " + digest + ", which is not in this repository",
        Map.of("digest", digest.toString()),
        Map.of());
  }

  /** Stores the manifest's bytes, if not stored already; returns their reservation. */
  private Reservation storeBytes(Digest digest, byte[] body) {
    Reservation reservation = reservations.reserve(digest, body.length);
    try {
      if (storage.size(digest).map(size -> size == body.length).orElse(false)) {
        return reservation;
      }
      String uploadId = UUID.randomUUID().toString();
      try (UploadWriter writer = storage.append(uploadId)) {
        writer.write(ByteBuffer.wrap(body));
      }
      storage.commit(uploadId, digest, body.length);
      return reservation;
    } catch (IOException e) {
      reservations.end(reservation);
      throw new UncheckedIOException(e);
    }
  }

  private void insertIfAbsent(
      long repositoryId, Digest digest, ParsedManifest manifest, long size) {
    if (manifests.existsByRepositoryIdAndDigest(repositoryId, digest.toString())) {
      Integer marked =
          newTransaction.execute(
              status -> manifests.markPushed(repositoryId, digest.toString(), Instant.now()));
      if (marked != null && marked > 0) {
        return;
      }
      // Collected as untagged a moment ago: store it again below.
    }
    try {
      newTransaction.executeWithoutResult(
          status -> {
            ManifestRecord record =
                manifests.save(
                    new ManifestRecord(
                        repositoryId,
                        digest.toString(),
                        manifest.mediaType(),
                        manifest.effectiveArtifactType(),
                        size,
                        manifest.subject() == null ? null : manifest.subject().digest().toString(),
                        manifest.config() == null ? null : manifest.config().digest().toString(),
                        manifest.annotationsJson(),
                        Instant.now()));
            int position = 0;
            if (manifest.config() != null) {
              references.save(reference(record.id(), position++, Kind.CONFIG, manifest.config()));
            }
            for (Descriptor layer : manifest.layers()) {
              references.save(reference(record.id(), position++, Kind.LAYER, layer));
            }
            for (Descriptor child : manifest.manifests()) {
              references.save(reference(record.id(), position++, Kind.MANIFEST, child));
            }
          });
    } catch (DataIntegrityViolationException raced) {
      // The same manifest was pushed concurrently; its row is what we wanted.
    }
  }

  private static ManifestReference reference(
      long manifestId, int position, Kind kind, Descriptor descriptor) {
    return new ManifestReference(
        manifestId,
        position,
        kind,
        descriptor.digest().toString(),
        descriptor.mediaType(),
        descriptor.size());
  }

  /** True when {@code reference} names a digest rather than a tag. */
  public static boolean isDigest(String reference) {
    return reference.indexOf(':') >= 0;
  }

  private static String requireTag(String tag) {
    if (!Tag.isValid(tag)) {
      throw new RegistryException(ErrorCode.TAG_INVALID, "invalid tag: " + abbreviate(tag));
    }
    return tag;
  }

  private static String abbreviate(String text) {
    return text.length() > 140 ? text.substring(0, 140) + "…" : text;
  }
}
