#!/usr/bin/env bash
# Run benchmark: start and finish a /bin/true container (image already present), three ways:
#   berth   bin/berth run --rm IMAGE /bin/true            with `berth daemon` running (the thin
#           client sends the command to the daemon); for information also without a daemon (a
#           whole agent JVM per command, with bin/berth's class-data-sharing archive)
#   crun    crun run of an equivalent OCI bundle          (pid, net, ipc, uts, mount namespaces)
#   podman  podman run --rm --network=none IMAGE /bin/true (cgroupfs manager, file events)
# and the agent's own launch latency (run request received -> container exited, printed by
# berth when BERTH_TIMING is set) inside the warm daemon, against crun's whole run.
#
# Everything runs in a private mount namespace in which /sys/fs/cgroup/unified is an empty tmpfs
# when the host is hybrid (v1 controllers + an empty v2): Debian's crun 1.8 refuses that layout.
# The image is a static busybox (Debian package busybox-static) imported into podman, pushed to a
# docker-registry on loopback and pulled by berth. Needs root, busybox-static, crun, podman,
# docker-registry, python3 and a built agent (mvn -DskipTests install).
#
# Usage: src/bench/agent-run-bench.sh [runs]   (default 30 runs per tool)
set -euo pipefail

runs="${1:-30}"
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
berth="$repo/bin/berth"

if [[ -z "${BERTH_BENCH_PRIVATE:-}" ]]; then
  exec unshare --mount --propagation private env BERTH_BENCH_PRIVATE=1 "$0" "$@"
fi
if [[ ! -e /sys/fs/cgroup/cgroup.controllers && -d /sys/fs/cgroup/unified ]]; then
  mount -t tmpfs none /sys/fs/cgroup/unified
fi

# Everything started from here (the daemon, the clients, crun, podman) runs at a raised priority,
# the same for every tool, so that other work on the machine disturbs the comparison less.
renice -n -10 -p $$ >/dev/null || true

for tool in busybox crun podman docker-registry python3 java; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done
"$berth" --version >/dev/null

work="$(mktemp -d /var/tmp/berth-run-bench.XXXXXX)"
registry_pid=""
daemon_pid=""
cleanup() {
  if [[ -n "$daemon_pid" ]]; then
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  if [[ -n "$registry_pid" ]]; then kill "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- the image: busybox and /bin/true ---------------------------------------------------------
rootfs="$work/bundle/rootfs"
mkdir -p "$rootfs"/{bin,proc,sys,dev,etc,tmp}
cp "$(command -v busybox)" "$rootfs/bin/busybox"
for applet in sh true echo; do ln -s busybox "$rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat >"$work/registry.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
image="127.0.0.1:$port/bench/true:1"

podman=(podman --root "$work/podman/root" --runroot "$work/podman/run"
  --cgroup-manager=cgroupfs --events-backend=file)
# Lower the rlimits podman would otherwise raise (raising needs CAP_SYS_RESOURCE, which a
# containerised host may lack).
podman_run=("${podman[@]}" run --rm --network=none
  --ulimit "nofile=1024:1024" --ulimit "nproc=32768:32768")
tar -C "$rootfs" -c . | "${podman[@]}" import -q - "$image" >/dev/null
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
  sleep 0.1
done
"${podman[@]}" push -q --tls-verify=false "$image"

export BERTH_ROOT="$work/berth"
# no daemon yet: bin/berth runs each command in its own JVM
"$berth" pull -q "$image" >/dev/null

# --- the crun bundle ---------------------------------------------------------------------------
(cd "$work/bundle" && crun spec)
python3 - "$work/bundle/config.json" <<'EOF'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
spec["process"]["args"] = ["/bin/true"]
spec["process"]["terminal"] = False
spec["process"].pop("rlimits", None)
json.dump(spec, open(path, "w"), indent=2)
EOF
crun_cmd="crun --root $work/crun run -b $work/bundle bench-true"

# sanity: every command works before it is timed (the first run also makes bin/berth's
# class-data-sharing archive, which the rows without a daemon then use)
"$berth" run --rm "$image" /bin/true
$crun_cmd
"${podman_run[@]}" "$image" /bin/true

# --- the daemon: from now on bin/berth finds its endpoint file and hands it the commands --------
"$berth" daemon >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 600); do # it rehearses the request path before it listens: seconds when busy
  grep -q "listening on" "$work/daemon.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "listening on" "$work/daemon.log" || { cat "$work/daemon.log" >&2; exit 1; }
"$berth" run --rm "$image" /bin/true
# the in-process rows bypass the daemon with an endpoint file that does not exist
no_daemon="env BERTH_DAEMON_FILE=$work/no-daemon.endpoint"

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) =="
# Interleaved, so that a change of load during the benchmark (other work on the machine) falls on
# all commands alike (hyperfine would run all rounds of one command before the next). The
# in-process rows (a whole JVM per command) run one block.
export BERTH_IMAGE="$image" BERTH_BIN="$berth" BERTH_WORK="$work"
python3 - "$runs" "$crun_cmd" "${podman_run[*]} $image /bin/true" >"$work/run.json" <<'PY'
import json, os, re, shlex, subprocess, sys, time
runs, crun, podman = int(sys.argv[1]), shlex.split(sys.argv[2]), shlex.split(sys.argv[3])
berth, image, work = os.environ["BERTH_BIN"], os.environ["BERTH_IMAGE"], os.environ["BERTH_WORK"]
no_daemon = dict(os.environ, BERTH_DAEMON_FILE=work + "/no-daemon.endpoint")
timed = dict(os.environ, BERTH_TIMING="1")
berth_run = [berth, "run", "--rm", image, "/bin/true"]
commands = {
    "berth run --rm": (berth_run, os.environ, runs),
    "crun run": (crun, os.environ, runs),
    "podman run --rm": (podman, os.environ, runs),
    "berth run --rm (no daemon)": (berth_run, no_daemon, 5),
}

def once(argv, env, capture=False):
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE if capture else subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{argv} exited with {done.returncode}")
    return elapsed, done.stderr

# Blocks of BLOCK runs of one command, the blocks interleaved: within a block the machine stays
# busy with that command (on this virtual machine a CPU that idles between runs wakes up slowly,
# which a sleep between runs would add to the shortest commands), and the untimed first run of each
# block absorbs what the previous command left running (berth's daemon removes a --rm container's
# cgroup and files after it answered).
BLOCK = 5
times = {name: [] for name in commands}
latency, crun_again = [], []
for block in range((runs + BLOCK - 1) // BLOCK):
    for name, (argv, env, count) in commands.items():
        if block * BLOCK < count:
            once(argv, env)
            times[name].extend(once(argv, env)[0] for _ in range(BLOCK))
    # the launch latency, in blocks next to crun's
    once(berth_run, timed)
    for _ in range(BLOCK):
        match = re.search(r"launch latency ([0-9.]+) ms",
                          once(berth_run, timed, capture=True)[1].decode())
        if match:
            latency.append(float(match.group(1)))
    once(crun, os.environ)
    crun_again.extend(once(crun, os.environ)[0] for _ in range(BLOCK))
json.dump({"times": times, "latency": latency, "crun_with_latency": crun_again}, sys.stdout)
PY
for _ in $(seq 5); do
  BERTH_TIMING=1 BERTH_DAEMON_FILE="$work/no-daemon.endpoint" "$berth" run --rm "$image" /bin/true 2>&1 |
    sed -n 's/^berth: launch latency \([0-9.]*\) ms.*/\1/p'
done >"$work/latency-in-process.txt"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg) =="

python3 - "$work/run.json" "$work/latency-in-process.txt" <<'EOF'
import json, statistics, sys
data = json.load(open(sys.argv[1]))
times = {name: [t * 1000 for t in values] for name, values in data["times"].items()}
in_process = [float(x) for x in open(sys.argv[2]) if x.strip()]
latency, crun_again = data["latency"], [t * 1000 for t in data["crun_with_latency"]]
mean = lambda name: statistics.mean(times[name])
med = lambda name: statistics.median(times[name])
for name in times:
    print(f"{name:36s} {mean(name):8.1f} ms  (median {med(name):.1f}, {len(times[name])} runs)")
crun = statistics.mean(crun_again)
print(f"{'berth launch latency (daemon)':36s} {statistics.mean(latency):8.1f} ms  (median "
      f"{statistics.median(latency):.1f}, min {min(latency):.1f}; crun in the same rounds "
      f"{crun:.1f}, median {statistics.median(crun_again):.1f})")
print(f"{'berth launch latency (no daemon)':36s} {statistics.mean(in_process):8.1f} ms  (info: "
      f"from main() in a cold JVM)")
print(f"ratio berth/podman                   {mean('berth run --rm') / mean('podman run --rm'):5.2f}"
      f"  (target <= 0.50; medians {med('berth run --rm') / med('podman run --rm'):.2f})")
print(f"ratio launch latency/crun            {statistics.mean(latency) / crun:5.2f}"
      f"  (target <= 2.00; medians "
      f"{statistics.median(latency) / statistics.median(crun_again):.2f})")
print(f"info: no daemon/podman               "
      f"{mean('berth run --rm (no daemon)') / mean('podman run --rm'):5.2f}")
EOF
