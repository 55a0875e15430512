#!/usr/bin/env bash
# End-to-end benchmarks: builds the benchmark jar, then runs
#   1. deid tokenize's engine on ROWS synthetic rows (five deid-v1 tokens + Safe Harbor transforms),
#   2. deid opentoken tokenize --hash-only on ROWS synthetic rows (all attributes valid).
# Each prints rows/s, CPU seconds and peak RSS (VmHWM). Usage: bench/e2e.sh [ROWS] [THREADS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-1000000}"
THREADS="${2:-$(nproc)}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx384m -XX:+UseParallelGC}"
cd "$ROOT"
mvn -q -B -ntp -DskipTests -pl deid-bench -am package 1>&2
JAR="$ROOT/deid-bench/target/benchmarks.jar"
echo "# $(date -u +%FT%TZ) rows=$ROWS threads=$THREADS java_opts=$JAVA_OPTS cores=$(nproc)"
java $JAVA_OPTS -cp "$JAR" org.deid.bench.EndToEnd "$ROWS" examples/safe-harbor.yaml "$THREADS"
java $JAVA_OPTS -cp "$JAR" org.deid.bench.OpenTokenEndToEnd "$ROWS" "$THREADS"
