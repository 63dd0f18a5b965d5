#!/usr/bin/env bash
# Sets up and runs every test: installs the test dependencies, builds the solution (which bundles the widget with
# npm), runs all test projects, and ends with one line "N passed, N failed, N skipped". Exits non-zero on any
# failure, and when no test ran.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"

bash scripts/setup-tests.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="${root}/artifacts/test-results"
rm -rf "${results}"
mkdir -p "${results}"

dotnet build ChatHub.sln -c Release -nologo -clp:ErrorsOnly
status=0
dotnet test ChatHub.sln -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "${results}" "$@" || status=$?

# Sum the counters of every TRX file (one per test project).
read -r total passed failed < <(
    cat "${results}"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
        { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub(/"\/?>?/, "", kv[2]); c[kv[1]] += kv[2] } }
        END { printf "%d %d %d\n", c["total"], c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"] }')
skipped=$(( total - passed - failed ))
if (( total == 0 )); then
    echo "No test ran (see the output above)." >&2
    status=1
fi
if (( failed > 0 )); then status=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "${status}"
