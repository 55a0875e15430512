#!/usr/bin/env bash
# Scale-out benchmarks of the server (not tests), against real servers started by the program:
#   queue [JOBS] [PROCESSES] [THREADS] [BATCH]
#       trivial jobs claimed and completed per second by 1, 2 and 4 worker processes on PostgreSQL
#       (embedded PostgreSQL 14 with fsync and synchronous commit on; DEID_BENCH_DB=jdbc:postgresql://...
#       with DEID_DB_USER / DEID_DB_PASSWORD measures another server instead)
#   file [MEGABYTES]
#       one file (default 1024 MB) through S3 (S3Proxy): upload to an API node, a job on a separate
#       deid worker process with the real core, download of the output; PostgreSQL for the state
# Usage: bench/scale-out.sh queue 20000 1,2,4 2 16
#        bench/scale-out.sh file 1024
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-queue}"
shift || true
cd "$ROOT"
CP_FILE="$ROOT/deid-server/target/bench-classpath.txt"
mvn -q -B -ntp -pl deid-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test 1>&2
CP="$ROOT/deid-server/target/test-classes:$ROOT/deid-server/target/classes:$(cat "$CP_FILE")"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx512m}"
echo "# $(date -u +%FT%TZ) mode=$MODE cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
case "$MODE" in
  queue) exec java $JAVA_OPTS -cp "$CP" org.deid.server.bench.QueueBenchmark "$@" ;;
  file)
    exec java $JAVA_OPTS -Ddeid.test.s3proxy.jar="$ROOT/deid-server/target/s3proxy/s3proxy.jar" \
        -cp "$CP" org.deid.server.bench.ScaleOutFileBenchmark "$ROOT/examples" "$@" ;;
  *) echo "usage: bench/scale-out.sh queue|file [args]" >&2; exit 2 ;;
esac
