package dev.berth.registry.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a few manifest, tag, referrer and catalog reads run at once (twice the processors unless
 * {@code berth.metadata-concurrency} says otherwise); the others wait their turn, in order. Such a
 * read only uses the CPU (a hot manifest is answered from memory), so more of them at once only
 * lengthen the run queue: with 32 connections on two cores, their latency was the scheduler's.
 * Uploads and blob downloads are not limited (they wait on the network, for minutes), and a read
 * that has waited {@link #MAX_WAIT_MILLIS} goes ahead anyway, so that clients slow to read their
 * answers can delay the others but never stop them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class MetadataConcurrencyLimit extends OncePerRequestFilter {
  /** The longest a read waits for its turn before it runs regardless. */
  static final long MAX_WAIT_MILLIS = 100;

  private final Semaphore turns;

  public MetadataConcurrencyLimit(@Value("${berth.metadata-concurrency:0}") int limit) {
    this.turns =
        new Semaphore(limit > 0 ? limit : 2 * Runtime.getRuntime().availableProcessors(), true);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return true;
    }
    String uri = request.getRequestURI();
    return !(uri.startsWith("/v2/")
        && (uri.contains("/manifests/")
            || uri.endsWith("/tags/list")
            || uri.contains("/referrers/")
            || uri.equals("/v2/_catalog")));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean turn;
    try {
      turn = turns.tryAcquire(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      turn = false;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      if (turn) {
        turns.release();
      }
    }
  }

  /** Turns free now (tests). */
  int available() {
    return turns.availablePermits();
  }
}
