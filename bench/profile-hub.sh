#!/usr/bin/env bash
# Profiles the hub under a fixed cache-hit load with perf (CPU samples with call graphs, JIT frames named through the
# runtime's perf map): the load generator starts the hub, this waits for its warm-up, records SECONDS of it, and prints
# the hottest symbols and the share of each thread kind. Needs `perf` (Debian: linux-perf) and root (or
# kernel.perf_event_paranoid <= 1).
#   bench/profile-hub.sh HUB_DLL MODE RATE [SECONDS] [OUT]     e.g. bench/profile-hub.sh artifacts/loadgen/hub/ChatHub.Hub.dll async 1500
# MODE is the load generator's (async = durable SQLite storage, memory = Storage:Provider=memory). With DWARF=1 the
# call graphs come from DWARF unwinding (native libraries without frame pointers, such as e_sqlite3), at a lower rate.
set -euo pipefail
hub=$(realpath "$1"); mode=$2; rate=$3; seconds=${4:-12}; out=${5:-artifacts/profile}
mkdir -p "$out"
graph=(-g); frequency=999
if [[ "${DWARF:-0}" == 1 ]]; then graph=(--call-graph dwarf,16384); frequency=299; seconds=$(( seconds < 6 ? seconds : 6 )); fi
dotnet run -c Release --project bench/ChatHub.LoadGen -- --hub "$hub" --scenarios cache --modes "$mode" --cache-rates "$rate" \
  --search-steps 0 --duration $(( seconds + 20 )) --warmup 2 --hub-env DOTNET_PerfMapEnabled=1 --hub-env DOTNET_EnableWriteXorExecute=0 \
  --out "$out" --report loadgen > "$out/loadgen.log" 2>&1 &
loadgen=$!
pid=""
for _ in $(seq 1 180); do
  pid=$(ps -eo pid=,args= | awk -v dll="$hub" '$2 ~ /(^|\/)dotnet$/ && index($0, dll) && !/LoadGen/ && !/ run / {print $1; exit}')
  [[ -n "$pid" ]] && break
  sleep 1
done
[[ -n "$pid" ]] || { echo "the hub did not start (see $out/loadgen.log)" >&2; kill $loadgen; exit 1; }
sleep 25 # the load generator's 10 s warm-up and the step's own
perf record -F $frequency "${graph[@]}" -p "$pid" -o "$out/perf.data" -- sleep "$seconds" > /dev/null 2>&1
wait $loadgen
perf report -i "$out/perf.data" --no-children --sort comm -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
perf report -i "$out/perf.data" --no-children --sort dso,sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30
grep -E "^\| $mode \|" "$out/loadgen.md" | head -3 || true
