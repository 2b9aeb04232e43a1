#!/usr/bin/env bash
# Same-run A/B of a JMH benchmark: the baseline commit's correlation-jobs classes (A) against the
# working tree's (B), one fresh JMH fork per run, interleaved A B B A A B ... so drift of a shared
# machine falls on both. Both sides run the working tree's benchmark code; only the code under test
# differs. Prints each run, the median ratio B/A of the benchmark threads' CPU-time throughput (and
# of JMH's wall-clock score) with the spread of the per-pair ratios, then one line of JSON.
#
#   benchmarks/ab/ab.sh [--baseline COMMIT] [--pairs N] miner|detector
#
# The baseline's classes are built once in a temporary git worktree and kept under
# ${CAUSEWAY_AB_CACHE:-/tmp/causeway-ab}/COMMIT; Maven runs with the caller's MAVEN_OPTS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BASELINE=275ed6b   # before issue #17 (leave-one-out, masker/miner rules, detector settings)
PAIRS=5
CACHE="${CAUSEWAY_AB_CACHE:-/tmp/causeway-ab}"
# Longer warm-up than the benchmarks' own: on a loaded machine the JIT threads get little CPU.
read -r -a JMH_ARGS <<<"${CAUSEWAY_AB_JMH_ARGS:--f 1 -wi 4 -w 2s -i 5 -r 2s}"

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) BASELINE="$2"; shift 2 ;;
    --pairs) PAIRS="$2"; shift 2 ;;
    -h|--help) usage ;;
    miner) BENCH='io.causeway.benchmarks.loghub.MinerThroughputBenchmark.mine$'; NAME=miner; shift ;;
    detector) BENCH='io.causeway.benchmarks.nab.DetectorThroughputBenchmark.scoreOnePoint$'; NAME=detector; shift ;;
    *) echo "ab: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "${NAME:-}" ] || usage

MVN=(mvn -B -ntp -q -Dmaven.test.skip=true)
BENCH_JAR="$ROOT/benchmarks/target/causeway-benchmarks-0.1.0-SNAPSHOT.jar"

build_current() {
  echo "ab: building the working tree (benchmarks and what it needs)..." >&2
  (cd "$ROOT" && "${MVN[@]}" -pl benchmarks -am install) >&2
}

# The baseline commit's compiled algorithm and job classes (core/ and correlation-jobs/ since the
# module split, correlation-jobs/ alone before it), built in a throwaway worktree.
baseline_classes() {
  local sha dir tree
  sha=$(git -C "$ROOT" rev-parse --short=12 "$BASELINE^{commit}")
  dir="$CACHE/$sha/classes"
  if [ ! -d "$dir" ]; then
    tree=$(mktemp -d /tmp/causeway-ab-tree.XXXXXX)
    echo "ab: building baseline $sha in $tree..." >&2
    git -C "$ROOT" worktree add --detach "$tree" "$sha" >&2
    if (cd "$tree" && "${MVN[@]}" -pl correlation-jobs -am compile) >&2; then
      mkdir -p "$dir"
      for module in core correlation-jobs; do
        [ -d "$tree/$module/target/classes" ] && cp -r "$tree/$module/target/classes/." "$dir"
      done
    fi
    git -C "$ROOT" worktree remove --force "$tree"
    [ -d "$dir" ] || { echo "ab: baseline $sha did not build" >&2; exit 1; }
  fi
  printf '%s' "$dir"
}

build_current
BASE_DIR=$(baseline_classes)
CURRENT_CP="$BENCH_JAR:$(cat "$ROOT/benchmarks/target/launcher.classpath")"
OUT=$(mktemp -d /tmp/causeway-ab-runs.XXXXXX)

run() { # side index: one JMH fork of the benchmark with that side's classes first
  local side=$1 i=$2 cp="$CURRENT_CP"
  [ "$side" = A ] && cp="$BASE_DIR:$CURRENT_CP"
  echo "ab: $NAME run $i side $side" >&2
  java -cp "$cp" org.openjdk.jmh.Main "$BENCH" "${JMH_ARGS[@]}" \
    -prof io.causeway.benchmarks.ab.ThreadCpuProfiler -rf json -rff "$OUT/$i-$side.json" >"$OUT/$i-$side.log" 2>&1 \
    || { echo "ab: run $i $side failed, see $OUT/$i-$side.log" >&2; exit 1; }
}

for i in $(seq 1 "$PAIRS"); do
  if [ $((i % 2)) -eq 1 ]; then run A "$i"; run B "$i"; else run B "$i"; run A "$i"; fi
done

python3 "$ROOT/benchmarks/ab/summary.py" "$NAME" "$(git -C "$ROOT" rev-parse --short=12 "$BASELINE^{commit}")" \
  "$(git -C "$ROOT" rev-parse --short=12 HEAD)$(git -C "$ROOT" diff --quiet HEAD -- correlation-jobs || echo +changes)" "$OUT"
