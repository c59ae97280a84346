package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BlobSendingProtocol} in an embedded Tomcat, behind a servlet that asks for {@code
 * sendfile} as {@code BlobHandler} does, read by a raw HTTP/1.1 client.
 */
class BlobSendingProtocolTest {
  @TempDir Path dir;

  private Tomcat tomcat;
  private int port;

  @AfterEach
  void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  @Test
  void wholeFiles_comeBackExact_onOneKeptConnection_eachThroughABufferFreedAfter()
      throws Exception {
    SendBuffers buffers = new SendBuffers(1024 * 1024, 4);
    start(buffers);
    byte[] content = write("blob", 3 * 1024 * 1024 + 17);
    try (Socket socket = connect()) {
      for (int i = 0; i < 3; i++) {
        Response response = get(socket, "/blob");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
      }
    }
    assertThat(buffers.taken()).isEqualTo(3);
    assertThat(buffers.out()).isZero();
  }

  @Test
  void aRange_comesBackExact() throws Exception {
    start(new SendBuffers(64 * 1024, 4));
    byte[] content = write("blob", 1024 * 1024);
    try (Socket socket = connect()) {
      Response response = get(socket, "/blob?start=1000&end=300001");
      assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 300001));
      // And the connection still serves the next request.
      assertThat(get(socket, "/blob?start=0&end=1").body()).containsExactly(content[0]);
    }
  }

  @Test
  void whileEveryBufferIsOut_anotherClientIsServedBySendfile() throws Exception {
    SendBuffers buffers = new SendBuffers(64 * 1024, 1);
    start(buffers);
    // More than loopback's socket buffers hold, so that the first copy waits on its reader.
    byte[] content = write("blob", 48 * 1024 * 1024);
    try (Socket slow = connect();
        Socket other = connect()) {
      send(slow, "/blob");
      InputStream slowIn = slow.getInputStream();
      assertThat(readHead(slowIn)).contains("200");
      waitUntil(() -> buffers.out() == 1);

      Response response = get(other, "/blob");
      assertThat(response.body()).isEqualTo(content);
      assertThat(buffers.taken()).as("buffers taken: the slow copy's only").isEqualTo(1);

      assertThat(slowIn.readNBytes(content.length)).isEqualTo(content);
    }
    waitUntil(() -> buffers.out() == 0);
  }

  @Test
  void aClientThatHangsUp_midCopy_getsItsBufferFreed_andTheServerGoesOn() throws Exception {
    SendBuffers buffers = new SendBuffers(64 * 1024, 1);
    start(buffers);
    byte[] content = write("blob", 48 * 1024 * 1024);
    try (Socket gone = connect()) {
      send(gone, "/blob");
      assertThat(readHead(gone.getInputStream())).contains("200");
      waitUntil(() -> buffers.out() == 1);
      gone.setSoLinger(true, 0);
    }
    waitUntil(() -> buffers.out() == 0);
    try (Socket socket = connect()) {
      assertThat(get(socket, "/blob").body()).isEqualTo(content);
    }
    assertThat(buffers.taken()).isEqualTo(2);
  }

  @Test
  void aFileShorterThanAnnounced_closesTheConnection_andTheServerGoesOn() throws Exception {
    start(new SendBuffers(64 * 1024, 4));
    byte[] content = write("blob", 200_000);
    try (Socket socket = connect()) {
      send(socket, "/blob?start=0&end=250000");
      InputStream in = socket.getInputStream();
      assertThat(readHead(in)).containsIgnoringCase("Content-Length: 250000");
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    try (Socket socket = connect()) {
      assertThat(get(socket, "/blob").body()).isEqualTo(content);
    }
  }

  private void start(SendBuffers buffers) throws Exception {
    tomcat = new Tomcat();
    tomcat.setBaseDir(dir.resolve("tomcat").toString());
    Connector connector = new Connector(new BlobSendingProtocol(buffers));
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", dir.toString());
    Tomcat.addServlet(context, "files", new SendfileServlet(dir));
    context.addServletMappingDecoded("/*", "files");
    tomcat.start();
    port = connector.getLocalPort();
  }

  private byte[] write(String name, int size) throws IOException {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    Files.write(dir.resolve(name), content);
    return content;
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static void send(Socket socket, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static Response get(Socket socket, String path) throws IOException {
    send(socket, path);
    InputStream in = socket.getInputStream();
    String head = readHead(in);
    long length =
        head.lines()
            .filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
            .mapToLong(line -> Long.parseLong(line.substring(15).trim()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Content-Length in " + head));
    int status = Integer.parseInt(head.substring(9, 12));
    return new Response(status, in.readNBytes((int) length));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("connection closed in the head: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private record Response(int status, byte[] body) {}

  /** Answers {@code GET /<file>?start=&end=} by handing the file's bytes to Tomcat's sendfile. */
  private static final class SendfileServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Path dir;

    SendfileServlet(Path dir) {
      this.dir = dir;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      Path file = dir.resolve(request.getPathInfo().substring(1));
      long start = parameter(request, "start", 0);
      long end = parameter(request, "end", Files.size(file));
      if (!Boolean.TRUE.equals(request.getAttribute("org.apache.tomcat.sendfile.support"))) {
        response.sendError(500, "sendfile is not offered");
        return;
      }
      response.setContentLengthLong(end - start);
      response.setContentType("application/octet-stream");
      request.setAttribute("org.apache.tomcat.sendfile.filename", file.toString());
      request.setAttribute("org.apache.tomcat.sendfile.start", start);
      request.setAttribute("org.apache.tomcat.sendfile.end", end);
    }

    private static long parameter(HttpServletRequest request, String name, long otherwise) {
      String value = request.getParameter(name);
      return value == null ? otherwise : Long.parseLong(value);
    }
  }
}
