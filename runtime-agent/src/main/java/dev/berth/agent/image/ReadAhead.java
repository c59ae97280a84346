package dev.berth.agent.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on its own thread, a few chunks ahead of the consumer, so that receiving, storing
 * and hashing a layer blob overlap with decompressing, hashing and writing its files: one pass over
 * the bytes, on two cores.
 *
 * <p>The source's failure surfaces in the consumer's {@code read}, at the position it happened.
 * {@link #close} stops the reader thread and waits for it, so that nothing touches the source (or
 * what it writes to) after close returns.
 */
final class ReadAhead extends InputStream {
  private static final int CHUNK = 256 * 1024;
  private static final int CHUNKS = 16;
  private static final byte[] END = new byte[0];

  private final InputStream source;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS);
  private final Thread reader;
  private volatile IOException failure;
  private volatile boolean closed;
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;

  ReadAhead(InputStream source, String name) {
    this.source = source;
    this.reader = new Thread(this::readAll, name);
    reader.setDaemon(true);
    reader.start();
  }

  private void readAll() {
    try {
      while (!closed) {
        byte[] chunk = new byte[CHUNK];
        int filled = 0;
        int n = 0;
        while (filled < CHUNK && (n = source.read(chunk, filled, CHUNK - filled)) > 0) {
          filled += n;
        }
        if (filled > 0) {
          queue.put(filled == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, filled));
        }
        if (n < 0) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e);
    } catch (InterruptedException e) {
      failure = new InterruptedIOException("read-ahead stopped");
    } finally {
      try {
        queue.put(END);
      } catch (InterruptedException e) {
        // closed: nobody waits for the end marker
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (position == current.length) {
      if (ended) {
        return -1;
      }
      try {
        current = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading ahead");
      }
      position = 0;
      if (current == END) {
        ended = true;
        if (failure != null) {
          throw failure;
        }
        return -1;
      }
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (reader.isAlive()) {
      reader.interrupt();
      queue.clear();
      source.close(); // unblocks a read waiting on the network
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    source.close();
  }
}
