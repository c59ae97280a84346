package dev.berth.agent.unpack;

import java.io.IOException;

/** A layer that must not be applied: an unsafe entry, a limit exceeded or an unknown entry type. */
public class InvalidLayerException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidLayerException(String message) {
    super(message);
  }

  /** A rejected entry: the message names the entry and the reason. */
  public static InvalidLayerException entry(String entryName, String reason) {
    return new InvalidLayerException("layer entry '" + printable(entryName) + "': " + reason);
  }

  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && i < 300; i++) {
      char c = name.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
