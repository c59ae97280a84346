package dev.berth.agent.runtime;

import dev.berth.agent.linux.Linux;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Copies one of a container's output pipes into its log and, when attached, to the terminal, on a
 * thread of its own; ends at end of file, when every process holding the pipe's write end is gone.
 * The threads are pooled: a container's start should not wait for two threads to be created (0.1–
 * 0.5 ms each on a busy machine), and a pump only reads and writes descriptors.
 */
final class OutputPump {
  private static final ExecutorService THREADS =
      Executors.newCachedThreadPool(DaemonThreads.named("berth-output"));

  private final CountDownLatch done = new CountDownLatch(1);

  OutputPump(
      Linux linux,
      int fd,
      ContainerLog.Stream stream,
      ContainerLog.Writer log,
      OutputStream attached) {
    THREADS.execute(
        () -> {
          byte[] buffer = new byte[16384];
          boolean attachedOpen = attached != null;
          try {
            int n;
            while ((n = linux.read(fd, buffer)) > 0) {
              log.append(stream, buffer, n);
              if (attachedOpen) {
                try {
                  attached.write(buffer, 0, n);
                  attached.flush();
                } catch (IOException e) {
                  attachedOpen = false; // the terminal went away; keep logging
                }
              }
            }
          } finally {
            linux.close(fd);
            done.countDown();
          }
        });
  }

  void await() {
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
