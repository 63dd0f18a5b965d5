#!/bin/bash
# The end-to-end benchmark in Redis mode on two builds of the hub, in one run: rounds alternate the builds
# (A B B A ...), each round a fresh hub process on one shared redis-server, so a burst of load from elsewhere hits both.
#   bench/ChatHub.LoadGen/scripts/compare-redis.sh BEFORE/ChatHub.Hub.dll AFTER/ChatHub.Hub.dll OUT_DIR [ROUNDS]
# Publish each build first: dotnet publish src/Hub -c Release -o DIR -p:ChatHubSkipWidgetBuild=true
# Then: python3 bench/ChatHub.LoadGen/scripts/summarize-compare.py OUT_DIR
# AFTER_HUB_ARGS (space-separated) adds hub arguments to the after build only, e.g. "--Storage:Provider=memory" to
# compare with a build from before the durable inbox (the bus in memory, as it was) and measure the Redis layer alone.
set -euo pipefail
before=$1; after=$2; out=$3; rounds=${4:-2}
port=${REDIS_PORT:-6391}
cd "$(dirname "$0")/../../.."
mkdir -p "$out"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$out/redis.log" 2>&1 &
redis=$!
trap 'kill $redis' EXIT
until redis-cli -p "$port" ping > /dev/null 2>&1; do sleep 0.2; done
dotnet build bench/ChatHub.LoadGen -c Release -nologo -clp:ErrorsOnly > /dev/null
order=()
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then order+=("before:$r" "after:$r"); else order+=("after:$r" "before:$r"); fi
done
for run in "${order[@]}"; do
  name=${run%%:*}; round=${run##*:}; dll=$before; extra=()
  if [[ $name == after ]]; then dll=$after; for a in ${AFTER_HUB_ARGS:-}; do extra+=(--hub-arg "$a"); done; fi
  dir="$out/$name-$round"; mkdir -p "$dir"
  echo "=== $name round $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/runs.log"
  dotnet run -c Release --no-build --project bench/ChatHub.LoadGen -- --hub "$dll" --out "$dir" \
    --scenarios cache,mix --modes async --cache-rates 1000,3000 --mix-rates 500 --search-steps 0 --duration 8 --warmup 2 \
    --label "$name (round $round)" --hub-arg "--ConnectionStrings:Redis=127.0.0.1:$port" --hub-arg "--Redis:KeyPrefix=$name-$round:" "${extra[@]}" \
    2>&1 | grep -E "msg/s, e2e" | grep -v warm-up | tee -a "$out/runs.log"
done
echo "=== done $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/runs.log"
