#!/usr/bin/env bash
# Pull benchmark: berth vs podman vs skopeo+umoci, from one docker-registry on loopback.
#
# Images (built here, pushed with skopeo):
#   bench/big:1    one gzip layer holding a 512 MiB file of random bytes
#   bench/many:1   20 gzip layers, 20,000 small files in total
# Every tool starts from an empty store for every run (hyperfine --prepare), so each run is a
# full download, verification and unpack. Each tool gets one untimed warm-up run first; for
# berth that also records the class-data-sharing archive bin/berth keeps next to the jar. The
# tools then run in turn, one run each per round, and the medians over the rounds are compared.
# Needs root, docker-registry, skopeo, podman, umoci, hyperfine, python3 and a built agent
# (mvn -DskipTests install).
#
# Usage: src/bench/agent-pull-bench.sh [rounds]   (default 3 runs per tool and image)
set -euo pipefail

runs="${1:-3}"
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
berth="$repo/bin/berth"
work="$(mktemp -d /var/tmp/berth-bench.XXXXXX)"
registry_pid=""

cleanup() {
  if [[ -n "$registry_pid" ]]; then kill "$registry_pid" 2>/dev/null || true; fi
  umount -R "$work"/podman/root/overlay 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in docker-registry skopeo podman umoci hyperfine python3 java; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done
"$berth" --version >/dev/null

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
host="127.0.0.1:$port"
mkdir -p "$work/registry"
cat >"$work/registry/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry/storage
http:
  addr: $host
YAML
docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
  curl -fs "http://$host/v2/" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "== building images in $work"
python3 - "$work" <<'PY'
import gzip, hashlib, io, json, os, random, subprocess, sys, tarfile, time

work = sys.argv[1]

def layout(name, layers):
    """Writes an OCI layout with one image whose layers are the given uncompressed tar files."""
    root = os.path.join(work, name)
    blobs = os.path.join(root, "blobs", "sha256")
    os.makedirs(blobs)
    def put(data=None, path=None):
        h = hashlib.sha256()
        if path:
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            size = os.path.getsize(path)
            os.rename(path, os.path.join(blobs, h.hexdigest()))
        else:
            h.update(data)
            size = len(data)
            with open(os.path.join(blobs, h.hexdigest()), "wb") as f:
                f.write(data)
        return "sha256:" + h.hexdigest(), size
    descriptors, diff_ids = [], []
    for tar_path in layers:
        h = hashlib.sha256()
        with open(tar_path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        diff_ids.append("sha256:" + h.hexdigest())
        subprocess.run(["gzip", "-1", "-n", tar_path], check=True)
        digest, size = put(path=tar_path + ".gz")
        descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size})
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/true"]},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    cd, cs = put(data=config)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
                           "layers": descriptors}).encode()
    md, ms = put(data=manifest)
    with open(os.path.join(root, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                   "digest": md, "size": ms, "annotations": {"org.opencontainers.image.ref.name": "1"}}]}, f)

def info(name, size, mode=0o644, kind=tarfile.REGTYPE):
    ti = tarfile.TarInfo(name)
    ti.size, ti.mode, ti.type, ti.mtime = size, mode, kind, 1700000000
    return ti

start = time.time()
big_tar = os.path.join(work, "big.tar")
with tarfile.open(big_tar, "w", format=tarfile.PAX_FORMAT) as t:
    t.addfile(info("data", 0, 0o755, tarfile.DIRTYPE))
    size = 512 << 20
    with open("/dev/urandom", "rb") as rnd:
        t.addfile(info("data/big.bin", size), io.BufferedReader(rnd, 1 << 20))
layout("big", [big_tar])

rng = random.Random(42)
words = [("".join(rng.choice("abcdefghij") for _ in range(8))) for _ in range(500)]
many = []
for layer in range(20):
    path = os.path.join(work, "many-%02d.tar" % layer)
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        t.addfile(info("l%02d" % layer, 0, 0o755, tarfile.DIRTYPE))
        for d in range(10):
            t.addfile(info("l%02d/d%d" % (layer, d), 0, 0o755, tarfile.DIRTYPE))
            for i in range(100):
                body = (" ".join(rng.choice(words) for _ in range(rng.randint(10, 400)))).encode()
                t.addfile(info("l%02d/d%d/f%03d.txt" % (layer, d, i), len(body)), io.BytesIO(body))
    many.append(path)
layout("many", many)
print("   generated in %.1fs" % (time.time() - start))
PY

for image in big many; do
  skopeo copy --quiet --dest-tls-verify=false "oci:$work/$image:1" "docker://$host/bench/$image:1"
done
echo "== pushed to $host"

podman_cmd="podman --root $work/podman/root --runroot $work/podman/run --storage-driver overlay \
--cgroup-manager=cgroupfs --events-backend=file"
prepare="rm -rf $work/berth; $podman_cmd rmi -af >/dev/null 2>&1 || true; rm -rf $work/oci $work/bundle; sync"

for image in big many; do
  ref="$host/bench/$image:1"
  names=(berth podman skopeo+umoci)
  commands=(
    "BERTH_ROOT=$work/berth $berth pull -q $ref"
    "$podman_cmd pull -q --tls-verify=false $ref"
    "skopeo copy --quiet --src-tls-verify=false docker://$ref oci:$work/oci:1 && umoci unpack --image $work/oci:1 $work/bundle >/dev/null"
  )
  echo
  echo "== $image ($runs rounds, the tools interleaved, empty store before every run; load $(cut -d' ' -f1-3 /proc/loadavg))"
  # The machine may be shared: running the tools in turn, round after round, spreads a change of
  # load over all of them instead of over whichever tool happens to run at that moment.
  for i in "${!names[@]}"; do
    bash -c "$prepare" && bash -c "${commands[$i]}" >/dev/null # warm-up
  done
  for round in $(seq "$runs"); do
    for i in "${!names[@]}"; do
      hyperfine --runs 1 --style none --export-json "$work/$image-$i-$round.json" \
        --prepare "$prepare" -n "${names[$i]}" "${commands[$i]}" >/dev/null
    done
  done
  python3 - "$work" "$image" "$runs" "${names[@]}" <<'PY'
import json, statistics, sys
work, image, runs, names = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
stats = {}
for i, name in enumerate(names):
    rs = [json.load(open("%s/%s-%d-%d.json" % (work, image, i, r)))["results"][0] for r in range(1, runs + 1)]
    stats[name] = {k: statistics.median(r[k] for r in rs) for k in ("median", "user", "system")}
    stats[name]["all"] = sorted(r["median"] for r in rs)
b = stats["berth"]["median"]
for name, s in stats.items():
    print("   %-13s median %6.2fs  user %5.2fs  sys %5.2fs  runs %s  %s" % (
        name, s["median"], s["user"], s["system"], " ".join("%.2f" % t for t in s["all"]),
        "" if name == "berth" else "berth is %.2fx faster" % (s["median"] / b)))
PY
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
