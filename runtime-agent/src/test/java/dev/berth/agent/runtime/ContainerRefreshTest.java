package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.LinuxKernel;
import dev.berth.agent.state.StateDirectory;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ContainerService#refresh} when both the container's init and the process waiting for it
 * are gone: the waiter's recorded exit wins over a record read before it was written.
 */
class ContainerRefreshTest {
  /** A process id that has exited: neither an init nor a monitor any more. */
  static int gonePid;

  @TempDir Path root;
  ContainerStore store;
  ContainerService service;
  Container running;

  @BeforeAll
  static void goneProcess() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    gonePid = (int) process.pid();
  }

  @BeforeEach
  void runningContainer() {
    store = new ContainerStore(new StateDirectory(root));
    service =
        new ContainerService(
            new StateDirectory(root),
            LinuxKernel.instance(),
            Path.of("/sys/fs/cgroup"),
            (layers, upper, work, target) -> {
              throw new AssertionError("nothing is mounted here");
            });
    Container created = store.create(ContainerStateJsonTest.sample());
    running =
        created.withState(
            created.state().running(gonePid, 1, gonePid, Instant.parse("2026-11-29T22:00:00Z")));
    store.save(running);
  }

  @Test
  void exitRecordedByTheWaiter_afterTheCallerReadTheRecord_isKept() {
    store.save(
        running.withState(
            running.state().exited(9, false, Instant.parse("2026-11-29T22:00:01Z"), null)));

    Container refreshed = service.refresh(running);

    assertThat(refreshed.state().exitCode()).isEqualTo(9);
    assertThat(refreshed.state().error()).isNull();
    assertThat(store.load(running.id()).orElseThrow().state().exitCode()).isEqualTo(9);
  }

  @Test
  void containerRemovedByTheWaiter_staysRemoved() {
    store.delete(running.id());

    service.refresh(running);

    assertThat(store.load(running.id())).isEmpty();
  }

  @Test
  void nobodyRecordedTheExit_itIsRecordedAsLost() {
    Container refreshed = service.refresh(running);

    assertThat(refreshed.state().running()).isFalse();
    assertThat(refreshed.state().exitCode()).isEqualTo(-1);
    assertThat(refreshed.state().error()).isEqualTo("the process waiting for the container died");
    assertThat(store.load(running.id()).orElseThrow().state().exitCode()).isEqualTo(-1);
  }
}
