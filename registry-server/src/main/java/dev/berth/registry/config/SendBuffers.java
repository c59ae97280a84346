package dev.berth.registry.config;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers that files are sent through: at most {@code max} out at once, each as large as the
 * file or {@code size}, whichever is smaller, and freed as soon as it is given back, so that no
 * idle buffer stays resident (a pooled one, once touched, would hold its 1 MiB for the life of the
 * registry). When all are out, {@link #take} answers {@code null} and the caller sends another way.
 */
final class SendBuffers {
  /**
   * {@code sun.misc.Unsafe.invokeCleaner}: frees a direct buffer's memory now rather than when the
   * collector finds it unreachable, which for a buffer promoted to the old generation can be much
   * later. Null where the JDK does not offer it; the buffers are then left to the collector.
   */
  private static final MethodHandle FREE = findFree();

  private final int size;
  private final int max;
  private final AtomicInteger out = new AtomicInteger();
  private final AtomicInteger taken = new AtomicInteger();

  SendBuffers(int size, int max) {
    if (size <= 0 || max < 0) {
      throw new IllegalArgumentException("buffer size " + size + " and count " + max);
    }
    this.size = size;
    this.max = max;
  }

  /** A new buffer for sending {@code length} bytes, or null while {@code max} are out. */
  ByteBuffer take(long length) {
    if (out.incrementAndGet() > max) {
      out.decrementAndGet();
      return null;
    }
    taken.incrementAndGet();
    return ByteBuffer.allocateDirect((int) Math.max(1, Math.min(size, length)));
  }

  void giveBack(ByteBuffer buffer) {
    try {
      if (FREE != null) {
        FREE.invoke(buffer);
      }
    } catch (Throwable e) {
      throw new IllegalStateException("could not free a send buffer", e);
    } finally {
      out.decrementAndGet();
    }
  }

  /** How many buffers are out now. */
  int out() {
    return out.get();
  }

  /** How many buffers were ever taken. */
  int taken() {
    return taken.get();
  }

  private static MethodHandle findFree() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field field = unsafeClass.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return MethodHandles.lookup()
          .findVirtual(
              unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
          .bindTo(field.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
