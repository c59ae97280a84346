package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Where a container is in its life: created, running (with the host PID of its init process and
 * that process's start time, which guards against a reused PID), or exited with a status.
 *
 * @param exitCode the process's exit status, or 128 plus the signal that killed it
 * @param monitorPid the agent process waiting for the container, which records its exit
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
    @JsonProperty("Status") Status status,
    @JsonProperty("Pid") int pid,
    @JsonProperty("PidStartTime") long pidStartTime,
    @JsonProperty("MonitorPid") int monitorPid,
    @JsonProperty("ExitCode") int exitCode,
    @JsonProperty("OOMKilled") boolean oomKilled,
    @JsonProperty("StartedAt") Instant startedAt,
    @JsonProperty("FinishedAt") Instant finishedAt,
    @JsonProperty("Error") String error) {

  /** The life-cycle states, spelled as podman prints them. */
  public enum Status {
    @JsonProperty("created")
    CREATED,
    @JsonProperty("running")
    RUNNING,
    @JsonProperty("exited")
    EXITED;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static ContainerState created() {
    return new ContainerState(Status.CREATED, 0, 0, 0, 0, false, null, null, null);
  }

  @JsonProperty("Running")
  public boolean running() {
    return status == Status.RUNNING;
  }

  public ContainerState running(int pid, long pidStartTime, int monitorPid, Instant startedAt) {
    return new ContainerState(
        Status.RUNNING, pid, pidStartTime, monitorPid, 0, false, startedAt, null, null);
  }

  public ContainerState exited(int exitCode, boolean oomKilled, Instant finishedAt, String error) {
    return new ContainerState(
        Status.EXITED,
        0,
        0,
        0,
        exitCode,
        oomKilled,
        startedAt,
        finishedAt,
        error == null ? this.error : error);
  }
}
