package dev.berth.agent.image;

import dev.berth.agent.unpack.UnpackLimits;
import dev.berth.oci.Platform;
import dev.berth.oci.distribution.Credentials;
import java.util.Objects;

/**
 * How to pull.
 *
 * @param platform the platform to select from an index; null for the host's
 * @param tlsVerify false to allow plain HTTP to this registry; null for the default (loopback
 *     registries and those listed as insecure use HTTP, others HTTPS)
 * @param credentials explicit credentials, overriding the auth file; null to use the auth file
 * @param parallelism how many layers to download at once
 * @param limits bounds on each layer's uncompressed size and entry count
 * @param listener progress callbacks
 */
public record PullOptions(
    Platform platform,
    Boolean tlsVerify,
    Credentials credentials,
    int parallelism,
    UnpackLimits limits,
    PullListener listener) {
  /** Default number of layers downloaded at once (unpacked at once up to one per core). */
  public static final int DEFAULT_PARALLELISM = 2;

  public PullOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(listener, "listener");
  }

  /** Host platform, default TLS, auth file, default limits. */
  public static PullOptions defaults() {
    return new PullOptions(
        null, null, null, DEFAULT_PARALLELISM, UnpackLimits.DEFAULT, PullListener.NONE);
  }

  public PullOptions withPlatform(Platform value) {
    return new PullOptions(value, tlsVerify, credentials, parallelism, limits, listener);
  }

  public PullOptions withTlsVerify(Boolean value) {
    return new PullOptions(platform, value, credentials, parallelism, limits, listener);
  }

  public PullOptions withCredentials(Credentials value) {
    return new PullOptions(platform, tlsVerify, value, parallelism, limits, listener);
  }

  public PullOptions withParallelism(int value) {
    return new PullOptions(platform, tlsVerify, credentials, value, limits, listener);
  }

  public PullOptions withLimits(UnpackLimits value) {
    return new PullOptions(platform, tlsVerify, credentials, parallelism, value, listener);
  }

  public PullOptions withListener(PullListener value) {
    return new PullOptions(platform, tlsVerify, credentials, parallelism, limits, value);
  }
}
