#!/usr/bin/env bash
# Submits the three Causeway jobs to a running Flink session cluster through its REST API
# (jar upload needs the cluster's web submission enabled, as it is by default).
#
#   deploy/flink/submit-jobs.sh http://flink-jm:8081 kafka-1:9092 [extra --causeway.* args...]
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 JOBMANAGER_URL BOOTSTRAP_SERVERS [--causeway.key value ...]" >&2
  exit 2
fi
JM="${1%/}"; BOOTSTRAP="$2"; shift 2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/correlation-jobs/target/causeway-jobs-0.1.0-SNAPSHOT.jar"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -ntp -Dmaven.test.skip=true install)

upload=$(curl -sf -X POST -H "Expect:" -F "jarfile=@$JAR" "$JM/jars/upload")
jar_id=$(printf '%s' "$upload" | sed -n 's/.*"filename":"[^"]*\/\([^"/]*\)".*/\1/p')
[ -n "$jar_id" ] || { echo "upload failed: $upload" >&2; exit 1; }

extra=""
for arg in "$@"; do extra="$extra,\"$arg\""; done
for job in topology detection correlation; do
  body="{\"entryClass\":\"io.causeway.jobs.ClusterEntryPoint\",\"programArgsList\":[\"--job\",\"$job\",\"--causeway.kafka.bootstrap-servers\",\"$BOOTSTRAP\"$extra]}"
  echo "submitting $job: $(curl -sf -X POST -H 'Content-Type: application/json' -d "$body" "$JM/jars/$jar_id/run")"
done
