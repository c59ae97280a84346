package dev.berth.agent.image;

import dev.berth.oci.Digest;

/** An image cannot be removed: a container (running or not) was created from it. */
public class ImageInUseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Digest imageId;

  public ImageInUseException(String reference, Digest imageId) {
    super("image " + reference + " is in use by a container");
    this.imageId = imageId;
  }

  /** The image's ID (its config digest). */
  public Digest imageId() {
    return imageId;
  }
}
