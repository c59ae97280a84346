package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Which requests take a turn, and that a turn is always given back. */
class MetadataConcurrencyLimitTest {
  private static MockHttpServletRequest request(String method, String uri) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
    request.setRequestURI(uri);
    return request;
  }

  @Test
  void onlyManifestTagReferrerAndCatalogReads_areLimited() {
    MetadataConcurrencyLimit limit = new MetadataConcurrencyLimit(1);
    assertThat(limit.shouldNotFilter(request("GET", "/v2/team/app/manifests/v1"))).isFalse();
    assertThat(limit.shouldNotFilter(request("HEAD", "/v2/team/app/manifests/v1"))).isFalse();
    assertThat(limit.shouldNotFilter(request("GET", "/v2/team/app/tags/list"))).isFalse();
    assertThat(limit.shouldNotFilter(request("GET", "/v2/a/referrers/sha256:" + "0".repeat(64))))
        .isFalse();
    assertThat(limit.shouldNotFilter(request("GET", "/v2/_catalog"))).isFalse();
    assertThat(limit.shouldNotFilter(request("PUT", "/v2/team/app/manifests/v1"))).isTrue();
    assertThat(limit.shouldNotFilter(request("GET", "/v2/team/app/blobs/sha256:abc"))).isTrue();
    assertThat(limit.shouldNotFilter(request("PATCH", "/v2/team/app/blobs/uploads/x"))).isTrue();
    assertThat(limit.shouldNotFilter(request("GET", "/v2/"))).isTrue();
    assertThat(limit.shouldNotFilter(request("GET", "/ui/team/app/manifests/v1"))).isTrue();
  }

  @Test
  void aReadWaitsItsTurn_butNotForever_andEveryTurnComesBack() throws Exception {
    MetadataConcurrencyLimit limit = new MetadataConcurrencyLimit(1);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    // a slow reader holds the only turn
    CompletableFuture<Void> slow =
        CompletableFuture.runAsync(
            () -> {
              try {
                limit.doFilter(
                    request("GET", "/v2/a/manifests/v1"),
                    new MockHttpServletResponse(),
                    (req, res) -> {
                      inside.countDown();
                      try {
                        leave.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    });
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(limit.available()).isZero();
    // the next read goes ahead after the longest wait, without a turn
    long start = System.nanoTime();
    MockFilterChain chain = new MockFilterChain();
    limit.doFilter(request("GET", "/v2/a/manifests/v2"), new MockHttpServletResponse(), chain);
    assertThat(chain.getRequest()).as("the request was served").isNotNull();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(MetadataConcurrencyLimit.MAX_WAIT_MILLIS - 5);
    assertThat(limit.available()).as("it took no turn, so it gave none back").isZero();
    leave.countDown();
    slow.get(10, TimeUnit.SECONDS);
    assertThat(limit.available()).isEqualTo(1);
    // a read that fails gives its turn back too
    try {
      limit.doFilter(
          request("GET", "/v2/a/manifests/v3"),
          new MockHttpServletResponse(),
          (req, res) -> {
            throw new IllegalStateException("handler failed");
          });
    } catch (IllegalStateException expected) {
      // the failure is the handler's
    }
    assertThat(limit.available()).isEqualTo(1);
  }
}
