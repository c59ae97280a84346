package dev.berth.registry.config;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few direct buffers that files are sent through, made when first needed and then reused, the
 * most recently returned first: one sender at a time only ever touches (and keeps resident) one of
 * them. When all are out, {@link #take()} answers {@code null} and the caller sends another way.
 */
final class SendBuffers {
  private final int size;
  private final int max;
  private final ConcurrentLinkedDeque<ByteBuffer> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger made = new AtomicInteger();

  SendBuffers(int size, int max) {
    if (size <= 0 || max < 0) {
      throw new IllegalArgumentException("buffer size " + size + " and count " + max);
    }
    this.size = size;
    this.max = max;
  }

  /** An idle buffer, cleared, or a new one while fewer than the maximum exist; else null. */
  ByteBuffer take() {
    ByteBuffer buffer = idle.pollFirst();
    if (buffer != null) {
      return buffer.clear();
    }
    if (made.incrementAndGet() > max) {
      made.decrementAndGet();
      return null;
    }
    return ByteBuffer.allocateDirect(size);
  }

  void giveBack(ByteBuffer buffer) {
    idle.offerFirst(buffer);
  }

  /** How many buffers exist (in use or idle). */
  int made() {
    return made.get();
  }
}
