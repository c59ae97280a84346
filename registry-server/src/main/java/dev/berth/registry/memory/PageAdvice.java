package dev.berth.registry.memory;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * {@code madvise(2)} and {@code posix_fadvise(2)} on a mapping, through JNA's direct mapping.
 * Neither piece of advice changes what the process reads: pages that are dropped are read again
 * from their file when next touched.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/madvise.2.html">madvise(2)</a>
 * @see <a href="https://man7.org/linux/man-pages/man2/posix_fadvise.2.html">posix_fadvise(2)</a>
 */
final class PageAdvice {
  private static final int MADV_RANDOM = 1;
  private static final int MADV_PAGEOUT = 21; // Linux 5.4
  private static final int POSIX_FADV_DONTNEED = 4;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;

  static {
    Native.register(PageAdvice.class, NativeLibrary.getInstance("c"));
  }

  private PageAdvice() {}

  /**
   * From now on a page fault reads only the page touched: no read-around of the pages beside it,
   * which would otherwise become resident as well (up to the device's read-ahead, 8 MiB here).
   */
  static void readOnlyWhatIsTouched(MemoryMapping mapping) throws IOException {
    advise(mapping, MADV_RANDOM, "MADV_RANDOM");
  }

  /**
   * Drops the mapping's pages that no other process maps, and their copies in the page cache; the
   * kernel does the same under memory pressure.
   */
  static void pageOut(MemoryMapping mapping) throws IOException {
    advise(mapping, MADV_PAGEOUT, "MADV_PAGEOUT");
  }

  /**
   * Drops the page cache's clean copies of the mapping's part of its file that no process maps:
   * without that, a page fault would also map every such page beside the one touched.
   */
  static void dropCachedCopies(MemoryMapping mapping) throws IOException {
    int file;
    try {
      file = open(mapping.path(), O_RDONLY | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("open " + mapping.path() + ": errno " + e.getErrorCode(), e);
    }
    try {
      int error = posix_fadvise(file, mapping.offset(), mapping.bytes(), POSIX_FADV_DONTNEED);
      if (error != 0) {
        throw new IOException("posix_fadvise on " + mapping.path() + ": errno " + error);
      }
    } finally {
      close(file);
    }
  }

  private static void advise(MemoryMapping mapping, int advice, String name) throws IOException {
    try {
      madvise(new Pointer(mapping.start()), mapping.bytes(), advice);
    } catch (LastErrorException e) {
      throw new IOException(
          "madvise(" + name + ") on " + mapping.path() + ": errno " + e.getErrorCode(), e);
    }
  }

  private static native int madvise(Pointer address, long length, int advice)
      throws LastErrorException;

  private static native int open(String path, int flags) throws LastErrorException;

  private static native int close(int file);

  /** Returns the error number itself rather than setting {@code errno}. */
  private static native int posix_fadvise(int file, long offset, long length, int advice);
}
