package dev.berth.agent.image;

/** No local image has the given name or ID prefix. */
public class ImageNotFoundException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ImageNotFoundException(String reference) {
    super("image not known: " + reference);
  }
}
