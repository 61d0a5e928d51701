#!/usr/bin/env bash
# The benchmarks' one command: builds the benchmark jar (and the server jar, for the HTTP part), then runs every part
# against a redis-server the run starts itself, and writes bench/RESULTS.md. Never touches a Redis on port 6379.
#
#   bench/run.sh                       everything (under 10 minutes on 2 cores)
#   bench/run.sh --quick               short measurements, to check that everything runs
#   bench/run.sh --only TokenBucket    one JMH benchmark class (and its command census)
#   bench/run.sh --no-build ...        skip the Maven build (use the jars already in */target)
#
# Other options are the runner's: --parts census,jmh,latency,failover,http, --out FILE, --server-jar FILE,
# --near-cache-env NAME=VALUE (the server setting of the near cache, measured when the server knows it).
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=false; else args+=("$arg"); fi
done

# wrk drives the HTTP part; without it that part is skipped and RESULTS.md says so.
if ! command -v wrk >/dev/null 2>&1; then
  echo "[bench] installing wrk (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; } \
      || echo "[bench] could not install wrk; the HTTP part will be skipped"
  else
    echo "[bench] wrk is missing and this is not root: install the Debian package wrk; the HTTP part will be skipped"
  fi
fi

if $build; then
  echo "[bench] building (mvn -q -pl server,bench -am package -DskipTests)"
  if ! mvn -q -B -ntp -pl server,bench -am package -DskipTests; then
    # The benchmarks do not need the server; without its jar only the HTTP part is skipped, and RESULTS.md says so.
    echo "[bench] the server did not build; building the benchmarks alone"
    mvn -q -B -ntp -pl bench -am package -DskipTests
  fi
fi

exec java -Xms2g -Xmx2g -jar bench/target/gatehouse-bench.jar ${args[@]+"${args[@]}"}
