package dev.berth.registry.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Abandons downloads from a remote that stopped sending: a read that has waited longer than the
 * timeout has its stream closed under it, and fails. (The JDK's HTTP client bounds the wait for a
 * response's headers, not for its body.) Time the caller spends between reads does not count. One
 * daemon thread, started with the first stream watched, looks every {@code timeout / 4}.
 */
final class StallWatchdog {
  private final Duration timeout;
  private final Set<Watched> streams = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService clock;

  StallWatchdog(Duration timeout) {
    this.timeout = timeout;
  }

  /** {@code remote}, failing any read that waits longer than the timeout for bytes. */
  InputStream watch(InputStream remote, String what) {
    start();
    Watched watched = new Watched(remote, what);
    streams.add(watched);
    return watched;
  }

  private synchronized void start() {
    if (clock == null) {
      clock =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "pull-through-stall-watchdog");
                thread.setDaemon(true);
                return thread;
              });
      long period = Math.max(10, timeout.toMillis() / 4);
      clock.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }
  }

  private void check() {
    long now = System.nanoTime();
    for (Watched stream : streams) {
      stream.closeIfStalled(now, timeout.toNanos());
    }
  }

  private final class Watched extends FilterInputStream {
    private final String what;
    private volatile long readingSince;
    private volatile boolean stalled;

    Watched(InputStream in, String what) {
      super(in);
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      begin();
      try {
        return in.read();
      } catch (IOException e) {
        throw stalled ? stall(e) : e;
      } finally {
        readingSince = 0;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      begin();
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw stalled ? stall(e) : e;
      } finally {
        readingSince = 0;
      }
    }

    @Override
    public void close() throws IOException {
      streams.remove(this);
      in.close();
    }

    private void begin() throws IOException {
      if (stalled) {
        throw stall(null);
      }
      readingSince = System.nanoTime();
    }

    private IOException stall(IOException cause) {
      return new IOException(
          what + ": no bytes from the remote registry for " + timeout.toSeconds() + " s", cause);
    }

    void closeIfStalled(long now, long limit) {
      long since = readingSince;
      if (since != 0 && now - since > limit) {
        stalled = true;
        streams.remove(this);
        try {
          in.close();
        } catch (IOException ignored) {
          // the reader fails either way
        }
      }
    }
  }
}
