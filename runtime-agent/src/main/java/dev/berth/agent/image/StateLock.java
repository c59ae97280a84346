package dev.berth.agent.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A readers-writer lock over one lock file, across threads and processes: pulls hold it shared,
 * garbage collection holds it exclusively so that it never deletes what a running pull has just
 * committed but not yet recorded.
 *
 * <p>POSIX record locks belong to the process, so threads of this JVM share one file lock: the
 * first shared holder takes it and the last releases it.
 */
final class StateLock {
  private static final ConcurrentHashMap<Path, StateLock> LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
  private int sharedHolders;
  private FileChannel channel;
  private FileLock fileLock;

  private StateLock(Path file) {
    this.file = file;
  }

  /** The lock of one lock file, shared by every user in this JVM. */
  static StateLock of(Path file) {
    return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), StateLock::new);
  }

  /** A held lock; close to release. */
  interface Held extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  Held shared() throws IOException {
    threads.readLock().lock();
    try {
      synchronized (this) {
        if (sharedHolders == 0) {
          acquire(true);
        }
        sharedHolders++;
      }
    } catch (IOException | RuntimeException e) {
      threads.readLock().unlock();
      throw e;
    }
    return () -> {
      try {
        synchronized (this) {
          if (--sharedHolders == 0) {
            release();
          }
        }
      } finally {
        threads.readLock().unlock();
      }
    };
  }

  Held exclusive() throws IOException {
    threads.writeLock().lock();
    try {
      synchronized (this) {
        acquire(false);
      }
    } catch (IOException | RuntimeException e) {
      threads.writeLock().unlock();
      throw e;
    }
    return () -> {
      try {
        synchronized (this) {
          release();
        }
      } finally {
        threads.writeLock().unlock();
      }
    };
  }

  private void acquire(boolean shared) throws IOException {
    Files.createDirectories(file.getParent());
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      fileLock = channel.lock(0, Long.MAX_VALUE, shared);
    } catch (IOException | RuntimeException e) {
      channel.close();
      channel = null;
      throw e;
    }
  }

  private void release() throws IOException {
    try {
      fileLock.release();
    } finally {
      channel.close();
      channel = null;
      fileLock = null;
    }
  }
}
