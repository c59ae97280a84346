package dev.berth.registry.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.InvalidDigestException;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Validates a pushed manifest and extracts what the registry indexes, without re-serialising it.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">image-spec
 *     manifest</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">image-spec
 *     index</a>
 */
public final class ManifestParser {
  private ManifestParser() {}

  /**
   * Parses {@code body} pushed with {@code contentType}.
   *
   * @throws RegistryException MANIFEST_INVALID when the body is not a manifest this registry
   *     stores, its media type disagrees with the Content-Type, or it mixes index and manifest
   *     fields
   */
  public static ParsedManifest parse(byte[] body, String contentType) {
    JsonNode root;
    try {
      root = OciJson.mapper().readTree(body);
    } catch (JacksonException e) {
      throw invalid("manifest is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid("manifest must be a JSON object");
    }
    JsonNode schemaVersion = root.get("schemaVersion");
    if (schemaVersion == null || !schemaVersion.isIntegralNumber() || schemaVersion.asInt() != 2) {
      throw invalid("schemaVersion must be 2");
    }
    String declared = text(root, "mediaType");
    String header = normalise(contentType);
    if (declared != null && header != null && !declared.equals(header)) {
      throw invalid(
          "mediaType " + declared + " in the manifest does not match Content-Type " + header);
    }
    String mediaType = declared != null ? declared : header;
    if (mediaType == null) {
      mediaType = root.has("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
    }
    if (!MediaType.isManifest(mediaType)) {
      throw invalid("unsupported manifest media type " + mediaType);
    }
    String artifactType = text(root, "artifactType");
    Descriptor subject = root.has("subject") ? descriptor(root.get("subject"), "subject") : null;
    String annotations = annotations(root);
    if (MediaType.isIndex(mediaType)) {
      if (root.has("config") || root.has("layers")) {
        throw invalid("an index must not have config or layers");
      }
      List<Descriptor> manifests = descriptors(root, "manifests", true);
      for (Descriptor child : manifests) {
        if (child.mediaType() == null || child.mediaType().isEmpty()) {
          throw invalid("every entry of manifests needs a mediaType");
        }
      }
      return new ParsedManifest(
          mediaType, artifactType, null, List.of(), manifests, subject, annotations);
    }
    if (root.has("manifests")) {
      throw invalid("an image manifest must not have manifests");
    }
    if (!root.has("config")) {
      throw invalid("an image manifest needs a config descriptor");
    }
    Descriptor config = descriptor(root.get("config"), "config");
    List<Descriptor> layers = descriptors(root, "layers", true);
    return new ParsedManifest(
        mediaType, artifactType, config, layers, List.of(), subject, annotations);
  }

  /** The media type named by a Content-Type header, without parameters; null when absent. */
  static String normalise(String contentType) {
    if (contentType == null) {
      return null;
    }
    String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return bare.isEmpty() || bare.equals("application/octet-stream") ? null : bare;
  }

  private static List<Descriptor> descriptors(JsonNode root, String field, boolean required) {
    JsonNode array = root.get(field);
    if (array == null) {
      if (required) {
        throw invalid(field + " is required");
      }
      return List.of();
    }
    if (!array.isArray()) {
      throw invalid(field + " must be an array");
    }
    List<Descriptor> result = new ArrayList<>();
    int i = 0;
    for (JsonNode element : array) {
      result.add(descriptor(element, field + "[" + i++ + "]"));
    }
    return result;
  }

  private static Descriptor descriptor(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw invalid(where + " must be a descriptor object");
    }
    String mediaType = text(node, "mediaType");
    JsonNode digestNode = node.get("digest");
    JsonNode sizeNode = node.get("size");
    if (digestNode == null || !digestNode.isString()) {
      throw invalid(where + ".digest is required");
    }
    if (sizeNode == null || !sizeNode.isIntegralNumber() || sizeNode.asLong() < 0) {
      throw invalid(where + ".size must be a non-negative integer");
    }
    Digest digest;
    try {
      digest = Digest.parse(digestNode.asString());
    } catch (InvalidDigestException e) {
      throw new RegistryException(ErrorCode.DIGEST_INVALID, where + ": " + e.getMessage());
    }
    List<String> urls = new ArrayList<>();
    JsonNode urlsNode = node.get("urls");
    if (urlsNode != null && urlsNode.isArray()) {
      urlsNode.forEach(url -> urls.add(url.asString()));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    JsonNode annotationsNode = node.get("annotations");
    if (annotationsNode != null && annotationsNode.isObject()) {
      annotationsNode
          .properties()
          .forEach(entry -> annotations.put(entry.getKey(), entry.getValue().asString()));
    }
    return new Descriptor(
        mediaType,
        digest,
        sizeNode.asLong(),
        urls,
        annotations,
        null,
        text(node, "artifactType"),
        null);
  }

  private static String annotations(JsonNode root) {
    JsonNode node = root.get("annotations");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw invalid("annotations must be an object");
    }
    for (var entry : node.properties()) {
      if (!entry.getValue().isString()) {
        throw invalid("annotation " + entry.getKey() + " must be a string");
      }
    }
    return node.isEmpty() ? null : node.toString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw invalid(field + " must be a string");
    }
    return value.asString();
  }

  private static RegistryException invalid(String message) {
    return new RegistryException(ErrorCode.MANIFEST_INVALID, message);
  }
}
