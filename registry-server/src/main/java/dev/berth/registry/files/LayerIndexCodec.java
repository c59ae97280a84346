package dev.berth.registry.files;

import dev.berth.registry.files.LayerEntry.Type;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk form of a {@link LayerIndex}: a small versioned binary file, so that an image with
 * tens of thousands of files loads in milliseconds instead of re-reading its layers.
 *
 * <pre>
 * "BLIX" u8:version=1 i32:skipped i32:count
 * count × ( str:path u8:type i32:mode i64:uid i64:gid str:user str:group i64:size i64:mtime str?:link )
 * str = i32:length (-1 for null) + UTF-8 bytes
 * </pre>
 */
public final class LayerIndexCodec {
  private static final int MAGIC = 0x424c4958; // "BLIX"
  private static final int VERSION = 1;
  private static final int MAX_STRING = 1 << 20;

  private LayerIndexCodec() {}

  /** Writes {@code index} to {@code out}; does not close it. */
  public static void write(LayerIndex index, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeByte(VERSION);
    data.writeInt(index.skipped());
    data.writeInt(index.entries().size());
    for (LayerEntry entry : index.entries()) {
      writeString(data, entry.path());
      data.writeByte(entry.type().ordinal());
      data.writeInt(entry.mode());
      data.writeLong(entry.uid());
      data.writeLong(entry.gid());
      writeString(data, entry.user());
      writeString(data, entry.group());
      data.writeLong(entry.size());
      data.writeLong(entry.modified());
      writeString(data, entry.linkTarget());
    }
    data.flush();
  }

  /**
   * Reads an index written by {@link #write}.
   *
   * @throws IOException when the bytes are not an index of this version (the caller rebuilds it)
   */
  public static LayerIndex read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    if (data.readInt() != MAGIC || data.readUnsignedByte() != VERSION) {
      throw new IOException("not a layer index of version " + VERSION);
    }
    int skipped = data.readInt();
    int count = data.readInt();
    if (count < 0) {
      throw new IOException("negative entry count");
    }
    Type[] types = Type.values();
    List<LayerEntry> entries = new ArrayList<>(Math.min(count, 1 << 16));
    for (int i = 0; i < count; i++) {
      String path = readString(data);
      int type = data.readUnsignedByte();
      if (path == null || type >= types.length) {
        throw new IOException("corrupt layer index entry " + i);
      }
      entries.add(
          new LayerEntry(
              path,
              types[type],
              data.readInt(),
              data.readLong(),
              data.readLong(),
              readString(data),
              readString(data),
              data.readLong(),
              data.readLong(),
              readString(data)));
    }
    return new LayerIndex(entries, skipped);
  }

  private static void writeString(DataOutputStream data, String value) throws IOException {
    if (value == null) {
      data.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    data.writeInt(bytes.length);
    data.write(bytes);
  }

  private static String readString(DataInputStream data) throws IOException {
    int length = data.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > MAX_STRING) {
      throw new IOException("corrupt string length " + length);
    }
    byte[] bytes = new byte[length];
    data.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
