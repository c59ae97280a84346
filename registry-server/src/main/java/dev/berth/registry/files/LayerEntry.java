package dev.berth.registry.files;

import java.util.Objects;

/**
 * One entry of a layer tarball as the file browser shows it: a normalised path (no leading slash,
 * the root is the empty string) and the header fields people look for.
 *
 * @param path the path inside the image, relative to its root, without {@code ./} or {@code /}
 * @param type what the entry is; whiteouts and opaque markers are entries too
 * @param mode the permission bits (and set-id/sticky bits)
 * @param uid the owner's numeric id
 * @param gid the group's numeric id
 * @param user the owner's name as written in the tar header, or empty
 * @param group the group's name as written in the tar header, or empty
 * @param size the content size of a regular file, else 0
 * @param modified the modification time in seconds since the epoch
 * @param linkTarget a symlink's target as written, or a hardlink's normalised target path, else
 *     null
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec
 *     layer</a>
 */
public record LayerEntry(
    String path,
    Type type,
    int mode,
    long uid,
    long gid,
    String user,
    String group,
    long size,
    long modified,
    String linkTarget) {

  public LayerEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    user = user == null ? "" : user;
    group = group == null ? "" : group;
  }

  /** The last path component; empty for the root. */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** The parent directory's path; empty for top-level entries. */
  public String parent() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** True for whiteouts and opaque markers, which remove rather than add. */
  public boolean isRemoval() {
    return type == Type.WHITEOUT || type == Type.OPAQUE;
  }

  /** An {@code ls -l} style mode string such as {@code drwxr-xr-x}. */
  public String modeString() {
    char[] text = new char[10];
    text[0] = type.letter();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      text[i + 1] = (mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-';
    }
    if ((mode & 04000) != 0) {
      text[3] = text[3] == 'x' ? 's' : 'S';
    }
    if ((mode & 02000) != 0) {
      text[6] = text[6] == 'x' ? 's' : 'S';
    }
    if ((mode & 01000) != 0) {
      text[9] = text[9] == 'x' ? 't' : 'T';
    }
    return new String(text);
  }

  /** The owner as {@code name} or numeric id, then {@code :group}. */
  public String owner() {
    String u = user.isEmpty() ? Long.toString(uid) : user;
    String g = group.isEmpty() ? Long.toString(gid) : group;
    return u + ":" + g;
  }

  /** What a layer entry is. */
  public enum Type {
    FILE('-'),
    DIRECTORY('d'),
    SYMLINK('l'),
    HARDLINK('-'),
    CHAR_DEVICE('c'),
    BLOCK_DEVICE('b'),
    FIFO('p'),
    /** A {@code .wh.NAME} marker: NAME is deleted from the layers below. */
    WHITEOUT('w'),
    /** A {@code .wh..wh..opq} marker: the directory's contents in the layers below are hidden. */
    OPAQUE('o');

    private final char letter;

    Type(char letter) {
      this.letter = letter;
    }

    /** The first letter of an {@code ls -l} mode string. */
    public char letter() {
      return letter;
    }
  }
}
