#!/usr/bin/env bash
# Whole-process throughput and memory of `nianbao check`, as users run it, against `wc -l` on
# the same bytes: the bundled fixtures concatenated into one file of SIZE_MB (default 52), and
# the same fixtures as a folder of FOLDER_FILES (default 10000) small report files. Runs are
# alternated (wc -l, one core, two cores, the folder, and two yardsticks: two one-core runs at
# once, the ceiling of a two-core speed-up on this machine; cat of the folder's files, the
# system's own cost of opening and reading them), ROUNDS times (default 11), and the medians
# printed with peak RSS (also beyond the process's own, measured on one small report); then
# callgrind's instructions per MiB on one thread (noise-free: the same count for the same
# binary and input whatever else the machine does).
#
#   bash scripts/bench-whole.sh                 # 52 MB file, 10,000-file folder, 11 rounds
#   SIZE_MB=500 ROUNDS=3 bash scripts/bench-whole.sh
#   CALLGRIND=0 bash scripts/bench-whole.sh     # skip the callgrind count
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB="${SIZE_MB:-52}"
ROUNDS="${ROUNDS:-11}"
FOLDER_FILES="${FOLDER_FILES:-10000}"
CALLGRIND="${CALLGRIND:-1}"
cargo build --release --locked --quiet
bin="$PWD/target/release/nianbao"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The corpus: every fixture report, each ending with a line break, repeated to SIZE_MB.
python3 - "$work" "$SIZE_MB" "$FOLDER_FILES" <<'EOF'
import glob, os, sys
work, size_mb, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
texts = []
for p in sorted(glob.glob("tests/fixtures/*.txt")):
    t = open(p, "rb").read()
    texts.append(t if t.endswith(b"\n") else t + b"\n")
unit = b"".join(texts)
with open(os.path.join(work, "corpus.txt"), "wb") as f:
    f.write(unit * (size_mb * 1_000_000 // len(unit) + 1))
for n in (1, 3):  # for callgrind: 1 MiB and 3 MiB
    with open(os.path.join(work, f"cg{n}.txt"), "wb") as f:
        f.write((unit * (n * 2**20 // len(unit) + 1))[: n * 2**20].rsplit(b"\n", 1)[0] + b"\n")
folder = os.path.join(work, "folder")
os.mkdir(folder)
for i in range(files):
    with open(os.path.join(folder, f"{i:05}.txt"), "wb") as f:
        f.write(texts[i % len(texts)])
EOF
corpus="$work/corpus.txt"
bytes=$(stat -c %s "$corpus")
folder_bytes=$(cat "$work"/folder/*.txt | wc -c)

# One timed run: prints "seconds peak_kib" (wall clock in ns from date, peak RSS from time).
run() {
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 )) $(tail -n 1 "$work/rss")"
}

: >"$work/samples"
for ((r = 0; r < ROUNDS; r++)); do
  echo "wc $(run wc -l "$corpus")" >>"$work/samples"
  echo "one $(RAYON_NUM_THREADS=1 run "$bin" check --format json "$corpus")" >>"$work/samples"
  echo "two $(RAYON_NUM_THREADS=2 run "$bin" check --format json "$corpus")" >>"$work/samples"
  echo "folder $(RAYON_NUM_THREADS=2 run "$bin" check --format json "$work/folder")" >>"$work/samples"
  # Two one-core runs at once: what the machine gives two busy cores (shared caches, memory,
  # clock), the ceiling of "two cores / one core" for any program.
  echo "pair $(run bash -c 'RAYON_NUM_THREADS=1 "$0" check --format json "$1" >/dev/null & RAYON_NUM_THREADS=1 "$0" check --format json "$1" >/dev/null; wait' "$bin" "$corpus")" >>"$work/samples"
  # The system's own cost of a folder: opening and reading each file, on one core.
  echo "cat $(run cat "$work"/folder/*.txt)" >>"$work/samples"
  # The process's own resident set: one small report, on two threads.
  echo "base $(RAYON_NUM_THREADS=2 run "$bin" check --format json "$work/folder/00000.txt")" >>"$work/samples"
done

python3 - "$work/samples" "$bytes" "$folder_bytes" "$FOLDER_FILES" <<'EOF'
import statistics, sys
samples, size, folder_size, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
runs = {}
for line in open(samples):
    k, us, kib = line.split()
    runs.setdefault(k, []).append((int(us) / 1e6, int(kib) * 1024))
med = {k: statistics.median(s for s, _ in v) for k, v in runs.items()}
peak = {k: max(m for _, m in v) for k, v in runs.items()}
mb = size / 1e6
print(f"input: {mb:.1f} MB in one file; folder: {files} files, {folder_size / 1e6:.1f} MB; {len(runs['wc'])} alternated rounds, medians")
print(f"{'run':<34}{'wall':>9}{'MB/s':>9}{'vs wc -l':>10}{'peak RSS':>11}{'× input':>9}{'beyond own':>12}")
rows = [("wc -l", "wc", size), ("nianbao check, one core", "one", size), ("nianbao check, two cores", "two", size), (f"nianbao check, folder, two cores", "folder", folder_size)]
for name, k, n in rows:
    ratio = "" if k == "wc" else f"1/{med[k] / med['wc'] * size / n:.1f}"
    beyond = "" if k == "wc" else f"{(peak[k] - peak['base']) / n:>12.2f}"
    print(f"{name:<34}{med[k]:>8.3f}s{n / 1e6 / med[k]:>9.0f}{ratio:>10}{peak[k] / 2**20:>9.0f}Mi{peak[k] / n:>9.2f}{beyond}")
print(f"the process's own resident set (one small report): {peak['base'] / 2**20:.0f} MiB; 'beyond own' is (peak RSS − that) / input")
print(f"two cores / one core: {med['one'] / med['two']:.2f}×")
print(f"two one-core runs at once: {med['pair']:.3f} s against {med['one']:.3f} s for one alone; the machine's ceiling for two cores on one job: {2 * med['one'] / med['pair']:.2f}×")
fr, br = folder_size / med['folder'], size / med['two']
print(f"folder / one file, MB/s on two cores: {fr / br * 100:.0f} %")
print(f"cat of the folder's files (the system opening and reading each, one core): {med['cat']:.3f} s, {folder_size / 1e6 / med['cat']:.0f} MB/s")
EOF

if [ "$CALLGRIND" = 1 ] && command -v valgrind >/dev/null; then
  count() {
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin" check --format json "$1" >/dev/null 2>"$work/cg.err" || true
    grep -o 'Collected : [0-9]*' "$work/cg.err" | grep -o '[0-9]*$'
  }
  one=$(count "$work/cg1.txt")
  three=$(count "$work/cg3.txt")
  echo "callgrind, one thread: $(( (three - one) / 2 / 1000000 )) M instructions per MiB (3 MiB run − 1 MiB run, halved)"
fi
