package dev.berth.registry.config;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SendfileDataBase;
import org.apache.tomcat.util.net.SendfileState;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO endpoint, with sockets whose {@code sendfile} copies the file through a large direct
 * buffer instead: {@code pread} of 1 MiB, then a blocking write of it, on the request's thread.
 *
 * <p>Why: on loopback the receiver of a {@code sendfile} gets the page cache's 4 KiB pages as its
 * socket buffers, its receive buffer never grows, and it wakes up three times as often; skopeo,
 * which is what limits a pull, then spends more kernel time per byte. Copied data arrives in the
 * kernel's own 32 KiB socket pages. Tomcat's usual copy does not help: it writes at most one
 * per-connection buffer (8 KiB by default) per system call and copies into it. Measured side by
 * side (src/bench/NOTES.md, 512 MiB skopeo pulls into /dev/shm): 299 MiB/s against 255 with {@code
 * sendfile} and 265 for distribution; {@code curl -o /dev/null} 2.85 GB/s against 3.0 and 2.0.
 *
 * <p>At most four files are copied at once ({@link SendBuffers}), which also bounds the threads
 * held by slow clients; beyond that, and for TLS connections, Tomcat's own {@code sendfile} path
 * runs. A failed copy closes the connection, as a failed {@code sendfile} does.
 */
class BlobSendingEndpoint extends NioEndpoint {
  private static final Logger log = LoggerFactory.getLogger(BlobSendingEndpoint.class);

  private final SendBuffers buffers;

  BlobSendingEndpoint(SendBuffers buffers) {
    this.buffers = buffers;
  }

  /** {@link NioEndpoint#setSocketOptions} as Tomcat 11.0 has it, with our socket wrapper. */
  @Override
  protected boolean setSocketOptions(SocketChannel socket) {
    NioSocketWrapper socketWrapper = null;
    try {
      NioChannel channel = getNioChannels() == null ? null : getNioChannels().pop();
      if (channel == null) {
        channel =
            createChannel(
                new SocketBufferHandler(
                    socketProperties.getAppReadBufSize(),
                    socketProperties.getAppWriteBufSize(),
                    socketProperties.getDirectBuffer()));
      }
      NioSocketWrapper newWrapper = new CopyingSocketWrapper(channel, this);
      channel.reset(socket, newWrapper);
      connections.put(socket, newWrapper);
      socketWrapper = newWrapper;
      socket.configureBlocking(false);
      if (getUnixDomainSocketPath() == null) {
        socketProperties.setProperties(socket.socket());
      }
      socketWrapper.setReadTimeout(getConnectionTimeout());
      socketWrapper.setWriteTimeout(getConnectionTimeout());
      socketWrapper.setKeepAliveLeft(getMaxKeepAliveRequests());
      getPoller().register(socketWrapper);
      return true;
    } catch (IOException | RuntimeException e) {
      log.error("Could not set up an accepted connection", e);
      if (socketWrapper == null) {
        destroySocket(socket);
      }
      return false;
    }
  }

  private static final class CopyingSocketWrapper extends NioSocketWrapper {
    private final SendBuffers buffers;

    CopyingSocketWrapper(NioChannel channel, BlobSendingEndpoint endpoint) {
      super(channel, endpoint);
      this.buffers = endpoint.buffers;
    }

    /**
     * Called by the processor once the response's headers are written; DONE lets it go on with the
     * connection (keep-alive or close) as after Tomcat's own {@code sendfile}.
     */
    @Override
    public SendfileState processSendfile(SendfileDataBase file) {
      if (getSocket() instanceof SecureNioChannel) {
        return super.processSendfile(file);
      }
      ByteBuffer buffer = buffers.take(file.length);
      if (buffer == null) {
        return super.processSendfile(file);
      }
      try {
        copy(file, buffer);
        return SendfileState.DONE;
      } catch (IOException e) {
        log.debug("Sending {} failed; closing the connection", file.fileName, e);
        return SendfileState.ERROR;
      } finally {
        buffers.giveBack(buffer);
      }
    }

    private void copy(SendfileDataBase file, ByteBuffer buffer) throws IOException {
      try (FileChannel channel =
          FileChannel.open(Path.of(file.fileName), StandardOpenOption.READ)) {
        long position = file.pos;
        long end = file.pos + file.length;
        while (position < end) {
          buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
          int read = channel.read(buffer, position);
          if (read < 0) {
            throw new EOFException(file.fileName + " ended at " + position + " of " + end);
          }
          buffer.flip();
          // Tomcat's blocking write: waits for the poller when the socket is full, with the
          // connection's write timeout; throws when the client is gone.
          doWrite(true, buffer);
          position += read;
        }
      }
    }
  }
}
