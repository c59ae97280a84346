package dev.berth.agent.unpack;

import java.util.ArrayList;
import java.util.List;

/**
 * The path components of a tar entry name, checked to stay below the layer root: absolute names and
 * {@code ..} components are refused rather than cleaned, since a well-formed layer never has them
 * and silently rewriting them hides an attack.
 */
final class EntryName {
  private EntryName() {}

  /**
   * Splits {@code raw} into components, dropping {@code .}, empty components and one trailing
   * slash.
   *
   * @return the components; empty for the root itself ({@code ./})
   * @throws InvalidLayerException for an absolute name, a {@code ..} component or a NUL byte
   */
  static List<String> components(String raw) throws InvalidLayerException {
    if (raw.indexOf('\0') >= 0) {
      throw InvalidLayerException.entry(raw, "name contains a NUL byte");
    }
    if (raw.startsWith("/")) {
      throw InvalidLayerException.entry(raw, "absolute path refused");
    }
    List<String> out = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw InvalidLayerException.entry(raw, "'..' component refused (path escapes the layer)");
      }
      out.add(part);
    }
    return out;
  }
}
