package dev.berth.agent.runtime;

import dev.berth.agent.linux.Linux;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Copies one of a container's output pipes into its log and, when attached, to the terminal, on a
 * thread of its own; ends at end of file, when every process holding the pipe's write end is gone.
 */
final class OutputPump {
  private final Thread thread;

  OutputPump(
      Linux linux,
      int fd,
      ContainerLog.Stream stream,
      ContainerLog.Writer log,
      OutputStream attached) {
    this.thread =
        new Thread(
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
              }
            },
            "berth-output-" + stream.name().toLowerCase(java.util.Locale.ROOT));
    thread.setDaemon(true);
    thread.start();
  }

  void await() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
