package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.linux.ErrnoException;
import dev.berth.agent.linux.PosixFiles;
import dev.berth.agent.pull.AuthFile;
import dev.berth.agent.pull.ImageReference;
import dev.berth.agent.pull.PlatformSelector;
import dev.berth.agent.pull.RegistryTrust;
import dev.berth.agent.snapshot.ChainId;
import dev.berth.agent.snapshot.SnapshotStore;
import dev.berth.agent.state.FileTrees;
import dev.berth.agent.state.StateDirectory;
import dev.berth.agent.unpack.Decompression;
import dev.berth.agent.unpack.DirectoryInheritance;
import dev.berth.agent.unpack.LayerApplier;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import dev.berth.oci.distribution.Credentials;
import dev.berth.oci.distribution.FetchedManifest;
import dev.berth.oci.distribution.RegistryClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The images on this host: pull (resolve, verify, unpack into snapshots), look up, list, remove and
 * garbage-collect. This is the API the container runtime uses; it keeps everything under one {@link
 * StateDirectory}.
 */
public final class ImageService {
  /**
   * Environment variable listing extra registries (host[:port], comma-separated) to reach over
   * HTTP.
   */
  public static final String INSECURE_ENV = "BERTH_INSECURE_REGISTRIES";

  /**
   * Configs already read and verified, by digest (content-addressed, so they never change): a
   * resident daemon reads an image's config for every {@code run}. The most recent 256.
   */
  private static final Map<Digest, ImageConfig> CONFIGS =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, ImageConfig> eldest) {
              return size() > 256;
            }
          });

  private final StateDirectory state;
  private final AuthFile authFile;
  private final Set<String> insecureRegistries;
  private final HttpClient http;
  private final RegistryTrust trust;
  private final PosixFiles posix;
  private final ContentStore content;
  private final SnapshotStore snapshots;
  private final ImageStore records;
  private final StateLock gcLock;

  public ImageService(
      StateDirectory state,
      AuthFile authFile,
      Set<String> insecureRegistries,
      HttpClient http,
      PosixFiles posix) {
    this(state, authFile, insecureRegistries, http, RegistryTrust.jdkOnly(), posix);
  }

  /**
   * @param http the client for plain HTTP and for registries with no CA files of their own
   * @param trust where the CA files of registries with a private CA are
   */
  public ImageService(
      StateDirectory state,
      AuthFile authFile,
      Set<String> insecureRegistries,
      HttpClient http,
      RegistryTrust trust,
      PosixFiles posix) {
    this.state = state;
    this.authFile = authFile;
    this.insecureRegistries = Set.copyOf(insecureRegistries);
    this.http = http;
    this.trust = trust;
    this.posix = posix;
    this.content = new ContentStore(state.content());
    this.snapshots = new SnapshotStore(state.snapshots(), state.tmp());
    this.records = new ImageStore(state.images());
    this.gcLock = StateLock.of(state.root().resolve(".gc.lock"));
  }

  /** The service for a state directory, configured from the environment like podman. */
  public static ImageService create(StateDirectory state, Map<String, String> env) {
    return create(state, env, null);
  }

  /**
   * Like {@link #create(StateDirectory, Map)}, with the CA files of {@code certDir} (podman's
   * {@code --cert-dir}) trusted for every registry instead of those under {@code certs.d}; null for
   * the search.
   */
  public static ImageService create(StateDirectory state, Map<String, String> env, Path certDir) {
    Set<String> insecure = new HashSet<>();
    for (String host : env.getOrDefault(INSECURE_ENV, "").split(",")) {
      if (!host.isBlank()) {
        insecure.add(host.trim());
      }
    }
    return new ImageService(
        state,
        AuthFile.fromEnvironment(env, home(env)),
        insecure,
        RegistryClient.newHttpClient(),
        RegistryTrust.fromEnvironment(env, home(env), certDir),
        PosixFiles.system());
  }

  /** The caller's home directory: $HOME, else this process's. */
  public static Path home(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
  }

  public AuthFile authFile() {
    return authFile;
  }

  private static final RegistryClient.Advice ADVICE =
      new RegistryClient.Advice(
          "run 'berth login %s'",
          "for a private CA, put its certificate in certs.d/%s/ca.crt under /etc/containers or"
              + " ~/.config/containers, or pass --cert-dir");

  /** A client for one repository of a registry, with this service's TLS and auth settings. */
  public RegistryClient client(
      String registry, String apiHost, String repository, PullOptions options) throws IOException {
    // A loopback registry is plain HTTP by default, unless CA files are set up for it: then it
    // serves HTTPS with a certificate from that CA.
    boolean plainHttp =
        options.tlsVerify() != null
            ? !options.tlsVerify()
            : insecureRegistries.contains(registry)
                || ImageReference.isLoopback(registry) && trust.authorities(registry).isEmpty();
    Credentials explicit = options.credentials();
    return new RegistryClient(
        plainHttp ? http : httpsClient(registry),
        registry,
        apiHost,
        repository,
        plainHttp,
        () -> {
          if (explicit != null) {
            return Optional.of(explicit);
          }
          try {
            return authFile.lookup(registry, repository);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        ADVICE);
  }

  /** The HTTPS client for {@code registry}: its own when it has CA files, else the shared one. */
  private HttpClient httpsClient(String registry) throws IOException {
    return trust.sslContext(registry).map(RegistryClient::newHttpClient).orElse(http);
  }

  /**
   * Pulls an image: resolves the reference (and the platform, for an index), verifies manifest,
   * config and every layer's digest and diff ID, and commits one snapshot per new layer.
   *
   * @throws IOException when the registry fails, content does not verify or a layer is unsafe;
   *     nothing unverified is left visible
   */
  public LocalImage pull(String reference, PullOptions options) throws IOException {
    ImageReference ref = ImageReference.parse(reference);
    try (StateLock.Held gc = gcLock.shared()) {
      RegistryClient client =
          client(ref.registry(), ref.apiHost(), ref.repository().value(), options);
      Platform platform = options.platform() != null ? options.platform() : PlatformSelector.host();
      FetchedManifest manifest = client.manifest(ref.manifestReference());
      if (MediaType.isIndex(manifest.mediaType())) {
        ImageIndex index = parse(manifest.bytes(), ImageIndex.class, "index of " + ref);
        Descriptor chosen = PlatformSelector.select(index, platform);
        manifest = client.manifest(chosen.digest().toString());
        if (!manifest.digest().equals(chosen.digest())
            || manifest.bytes().length != chosen.size()) {
          throw new IOException("manifest " + chosen.digest() + " does not match its index entry");
        }
      }
      if (!MediaType.isImageManifest(manifest.mediaType())) {
        throw new IOException(
            ref
                + " is a "
                + manifest.mediaType()
                + ", not an OCI or Docker schema 2 image manifest");
      }
      options.listener().resolved(ref.name(), manifest.digest());
      ImageManifest imageManifest =
          parse(manifest.bytes(), ImageManifest.class, "manifest of " + ref);
      Descriptor configDescriptor = imageManifest.config();
      if (configDescriptor == null
          || !(MediaType.OCI_CONFIG.equals(configDescriptor.mediaType())
              || MediaType.DOCKER_CONFIG.equals(configDescriptor.mediaType()))) {
        throw new IOException(
            ref
                + " is not a container image (config media type "
                + (configDescriptor == null ? "missing" : configDescriptor.mediaType())
                + ")");
      }
      for (Descriptor layer : imageManifest.layers()) {
        if (!Decompression.supports(layer.mediaType())) {
          throw new IOException(
              ref + " has a layer of unsupported media type " + layer.mediaType());
        }
      }
      byte[] configBytes =
          content.find(configDescriptor.digest()).isPresent()
              ? content.read(configDescriptor.digest())
              : client.smallBlob(configDescriptor);
      content.write(configDescriptor, configBytes); // verifies size and digest
      ImageConfig config = parse(configBytes, ImageConfig.class, "config of " + ref);
      List<Digest> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
      if (diffIds.size() != imageManifest.layers().size()) {
        throw new IOException(
            ref
                + ": manifest has "
                + imageManifest.layers().size()
                + " layers but config lists "
                + diffIds.size()
                + " diff IDs");
      }
      content.write(manifest.descriptor(), manifest.bytes());
      List<Digest> chainIds = ChainId.of(diffIds);
      long[] sizes = fetchLayers(client, imageManifest.layers(), diffIds, chainIds, options);

      List<ImageRecord.Layer> layers = new ArrayList<>();
      long total = 0;
      for (int i = 0; i < diffIds.size(); i++) {
        layers.add(
            new ImageRecord.Layer(
                imageManifest.layers().get(i), diffIds.get(i), chainIds.get(i), sizes[i]));
        total += sizes[i];
      }
      Digest id = configDescriptor.digest();
      ImageRecord record;
      try (StateLock.Held update = records.lockForUpdate()) {
        moveNameAway(ref.name(), id);
        List<String> names = new ArrayList<>();
        records.get(id).ifPresent(existing -> names.addAll(existing.names()));
        if (!names.contains(ref.name())) {
          names.add(0, ref.name());
        }
        record =
            new ImageRecord(
                id,
                manifest.descriptor(),
                names,
                layers,
                total,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        records.put(record);
      }
      return toLocal(record, ref.name(), config);
    }
  }

  /**
   * Prepares the layers in parallel (download, verify, unpack), then commits them in order, lowest
   * first, since each commit reads the committed layers below it.
   */
  private long[] fetchLayers(
      RegistryClient client,
      List<Descriptor> layers,
      List<Digest> diffIds,
      List<Digest> chainIds,
      PullOptions options)
      throws IOException {
    long[] sizes = new long[layers.size()];
    if (layers.isEmpty()) {
      return sizes;
    }
    spreadSnapshots();
    LayerFetcher fetcher =
        new LayerFetcher(
            content,
            snapshots,
            new LayerApplier(posix, options.limits()),
            new DirectoryInheritance(posix));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(options.parallelism(), layers.size()),
            r -> {
              Thread t = new Thread(r, "berth-layer");
              t.setDaemon(true);
              return t;
            });
    List<Future<Optional<LayerFetcher.Prepared>>> futures = new ArrayList<>();
    int committed = 0;
    try {
      for (int i = 0; i < layers.size(); i++) {
        int index = i;
        futures.add(
            pool.submit(
                () ->
                    fetcher.prepare(
                        client,
                        layers.get(index),
                        diffIds.get(index),
                        chainIds.get(index),
                        options.listener())));
      }
      for (; committed < futures.size(); committed++) {
        Optional<LayerFetcher.Prepared> prepared = futures.get(committed).get();
        if (prepared.isPresent()) {
          List<Path> lowers = new ArrayList<>();
          for (int j = committed - 1; j >= 0; j--) {
            lowers.add(snapshots.path(chainIds.get(j)));
          }
          fetcher.commit(prepared.get(), lowers);
          sizes[committed] = prepared.get().size();
        } else {
          sizes[committed] = recordedSize(chainIds.get(committed));
        }
      }
      return sizes;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("pull interrupted");
    } finally {
      if (committed < futures.size()) {
        pool.shutdownNow();
        awaitQuietly(pool);
        discardUncommitted(futures, committed);
      }
      pool.shutdown();
    }
  }

  /**
   * Lets ext4 place every new snapshot (each is unpacked in its own directory under tmp) in a block
   * group of its own choosing, as it does for top-level directories. Without this, snapshots go
   * next to the ones deleted last, and on ext4 without a journal every file created there first
   * skips each inode freed in the last minute ({@code recently_deleted} in fs/ext4/ialloc.c): a
   * measured 4x the kernel time of a 20,000-file pull right after a prune. Only a placement hint,
   * so a file system that refuses it changes nothing.
   */
  private void spreadSnapshots() {
    try {
      posix.spreadSubdirectories(state.tmp());
    } catch (ErrnoException e) {
      // EPERM and the like: the pull works as well, only slower on that file system
    }
  }

  /**
   * After a failure: delete the temporary directories of layers that were prepared but not
   * committed.
   */
  private static void discardUncommitted(
      List<Future<Optional<LayerFetcher.Prepared>>> futures, int firstUncommitted) {
    for (int i = firstUncommitted; i < futures.size(); i++) {
      Future<Optional<LayerFetcher.Prepared>> future = futures.get(i);
      if (!future.isDone() || future.isCancelled()) {
        continue;
      }
      try {
        Optional<LayerFetcher.Prepared> prepared = future.get();
        if (prepared.isPresent()) {
          FileTrees.delete(prepared.get().directory());
        }
      } catch (ExecutionException | InterruptedException | IOException | RuntimeException ignored) {
        // that layer failed itself and cleaned up after itself
      }
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      // let the other layers delete their temporary directories before we report
      pool.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The uncompressed size of an existing snapshot, as recorded by whichever image pulled it. */
  private long recordedSize(Digest chainId) throws IOException {
    for (ImageRecord record : records.list()) {
      for (ImageRecord.Layer layer : record.layers()) {
        if (layer.chainId().equals(chainId)) {
          return layer.size();
        }
      }
    }
    return 0;
  }

  /** A name belongs to one image: pulling it again for a new image takes it from the old one. */
  private void moveNameAway(String name, Digest newOwner) throws IOException {
    for (ImageRecord record : records.list()) {
      if (!record.id().equals(newOwner) && record.names().contains(name)) {
        List<String> rest = new ArrayList<>(record.names());
        rest.remove(name);
        if (rest.isEmpty()) {
          records.delete(record.id());
        } else {
          records.put(record.withNames(rest));
        }
      }
    }
  }

  /**
   * Finds a local image by reference ({@code host/repo:tag}, normalised like pull) or by a prefix
   * of its ID (at least 3 hex characters, optionally with {@code sha256:}).
   *
   * @throws IllegalArgumentException when an ID prefix is ambiguous
   */
  public Optional<LocalImage> find(String referenceOrIdPrefix) throws IOException {
    return findRecord(referenceOrIdPrefix).map(m -> toLocal(m.record(), m.name()));
  }

  private Optional<Match> findRecord(String text) throws IOException {
    List<ImageRecord> all = records.list();
    String name = null;
    try {
      name = ImageReference.parse(text).name();
    } catch (IllegalArgumentException notAReference) {
      // may still be an ID prefix
    }
    for (ImageRecord record : all) {
      if (name != null && record.names().contains(name)) {
        return Optional.of(new Match(record, name, false));
      }
    }
    String prefix = text.toLowerCase(Locale.ROOT);
    if (prefix.startsWith("sha256:")) {
      prefix = prefix.substring("sha256:".length());
    }
    if (!prefix.matches("[0-9a-f]{3,64}")) {
      return Optional.empty();
    }
    Match found = null;
    for (ImageRecord record : all) {
      if (record.id().hex().startsWith(prefix)) {
        if (found != null) {
          throw new IllegalArgumentException("image ID prefix " + text + " is ambiguous");
        }
        found =
            new Match(
                record,
                record.names().isEmpty() ? record.id().toString() : record.names().get(0),
                true);
      }
    }
    return Optional.ofNullable(found);
  }

  private record Match(ImageRecord record, String name, boolean byId) {}

  /** Every local image under each of its names, most recently pulled first. */
  public List<LocalImage> list() throws IOException {
    List<LocalImage> out = new ArrayList<>();
    for (ImageRecord record : records.list()) {
      for (String name : record.names()) {
        out.add(toLocal(record, name));
      }
    }
    return out;
  }

  /** The stored records, for listings that show sizes and dates. */
  public List<ImageRecord> records() throws IOException {
    return records.list();
  }

  /**
   * Removes a name, or, given an ID prefix, the image with all its names. Layers stay until {@link
   * #prune}, because a container may still run on them.
   *
   * @return what was done, podman-style: {@code Untagged: NAME} and {@code Deleted: ID} lines
   * @throws ImageNotFoundException when nothing matches
   */
  public List<String> remove(String referenceOrIdPrefix) throws IOException {
    return remove(referenceOrIdPrefix, id -> false);
  }

  /**
   * Like {@link #remove(String)}, but refuses to delete an image (its last name, or the image by
   * ID) that {@code inUse} says a container was created from. Removing one of several names of an
   * image in use is fine: the image stays.
   *
   * @throws ImageInUseException when the image would go while in use; nothing is changed
   */
  public List<String> remove(String referenceOrIdPrefix, Predicate<Digest> inUse)
      throws IOException {
    try (StateLock.Held update = records.lockForUpdate()) {
      Match match =
          findRecord(referenceOrIdPrefix)
              .orElseThrow(() -> new ImageNotFoundException(referenceOrIdPrefix));
      boolean deletesImage = match.byId() || match.record().names().size() <= 1;
      if (deletesImage && inUse.test(match.record().id())) {
        throw new ImageInUseException(referenceOrIdPrefix, match.record().id());
      }
      List<String> done = new ArrayList<>();
      List<String> rest = new ArrayList<>(match.record().names());
      if (match.byId()) {
        rest.forEach(n -> done.add("Untagged: " + n));
        rest.clear();
      } else {
        rest.remove(match.name());
        done.add("Untagged: " + match.name());
      }
      if (rest.isEmpty()) {
        records.delete(match.record().id());
        done.add("Deleted: " + match.record().id().hex());
      } else {
        records.put(match.record().withNames(rest));
      }
      return done;
    }
  }

  /** Removes snapshots, blobs, partial downloads and scratch files that no image uses. */
  public PruneResult prune() throws IOException {
    return prune(List.of());
  }

  /**
   * Like {@link #prune()}, keeping also the given snapshot directories (those of running containers
   * whose image was removed).
   */
  public PruneResult prune(Collection<Path> snapshotsInUse) throws IOException {
    try (StateLock.Held gc = gcLock.exclusive();
        StateLock.Held update = records.lockForUpdate()) {
      Set<Digest> keepSnapshots = new HashSet<>();
      Set<Digest> keepBlobs = new HashSet<>();
      for (ImageRecord record : records.list()) {
        keepBlobs.add(record.id());
        keepBlobs.add(record.manifest().digest());
        for (ImageRecord.Layer layer : record.layers()) {
          keepSnapshots.add(layer.chainId());
          keepBlobs.add(layer.blob().digest());
        }
      }
      for (Path inUse : snapshotsInUse) {
        String name = inUse.getFileName().toString();
        if (Digest.isValid("sha256:" + name)) {
          keepSnapshots.add(Digest.parse("sha256:" + name));
        }
      }
      int snapshotCount = 0;
      for (Digest chainId : snapshots.list()) {
        if (!keepSnapshots.contains(chainId)) {
          snapshots.delete(chainId);
          snapshotCount++;
        }
      }
      int blobCount = 0;
      for (Digest blob : content.list()) {
        if (!keepBlobs.contains(blob)) {
          content.delete(blob);
          blobCount++;
        }
      }
      int partials = content.deleteIdleIngests();
      // no pull runs while we hold the gc lock exclusively: scratch space is garbage
      try (Stream<Path> scratch = Files.list(state.tmp())) {
        for (Path path : (Iterable<Path>) scratch::iterator) {
          FileTrees.delete(path);
        }
      }
      return new PruneResult(snapshotCount, blobCount, partials);
    }
  }

  /**
   * What {@link #prune} removed.
   *
   * @param snapshots unpacked layers
   * @param blobs content-store blobs
   * @param partialDownloads abandoned partial downloads
   */
  public record PruneResult(int snapshots, int blobs, int partialDownloads) {}

  private LocalImage toLocal(ImageRecord record, String name) {
    try {
      ImageConfig config = CONFIGS.get(record.id());
      if (config == null) {
        config = parse(content.read(record.id()), ImageConfig.class, "config " + record.id());
        CONFIGS.put(record.id(), config);
      }
      return toLocal(record, name, config);
    } catch (IOException e) {
      throw new UncheckedIOException("image " + name + " is incomplete: " + e.getMessage(), e);
    }
  }

  private LocalImage toLocal(ImageRecord record, String name, ImageConfig config) {
    List<Path> layers = new ArrayList<>();
    for (ImageRecord.Layer layer : record.layers()) {
      layers.add(snapshots.path(layer.chainId()));
    }
    return new LocalImage(name, record.manifest().digest(), record.id(), config, layers);
  }

  private static <T> T parse(byte[] bytes, Class<T> type, String what) throws IOException {
    try {
      return OciJson.mapper().readValue(bytes, type);
    } catch (tools.jackson.core.JacksonException | IllegalArgumentException e) {
      throw new IOException(what + " is not valid: " + e.getMessage(), e);
    }
  }
}
