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

# The node test suites (node's test runner, TAP output): the widget's (its packages come with the build) and the
# deployment artefacts' checks in deploy/test (npm ci from its lock file first).
node_passed=0 node_failed=0 node_skipped=0
for suite in widget:src/Hub/Widget deploy:deploy/test; do
    node_log="${results}/${suite%%:*}-node-test.tap"
    (cd "${suite#*:}" && { [[ "${suite%%:*}" != deploy ]] || npm ci --no-audit --no-fund --prefer-offline --ignore-scripts; } \
        && node --test --test-reporter=tap test/) > "${node_log}" 2>&1 || status=$?
    grep -E '^# (tests|pass|fail|cancelled|skipped)' "${node_log}" || true
    suite_passed=$(awk '/^# pass /{print $3}' "${node_log}" | tail -1)
    if [[ -z "${suite_passed}" ]]; then echo "The node tests in ${suite#*:} printed no summary (see ${node_log})." >&2; status=1; node_failed=$(( node_failed + 1 )); continue; fi
    node_passed=$(( node_passed + suite_passed ))
    node_failed=$(( node_failed + $(awk '/^# (fail|cancelled) /{n += $3} END {print n + 0}' "${node_log}") ))
    node_skipped=$(( node_skipped + $(awk '/^# skipped /{n += $3} END {print n + 0}' "${node_log}") ))
done

# Sum the counters of every TRX file (one per test project).
read -r total passed failed < <(
    cat "${results}"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
        { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub(/"\/?>?/, "", kv[2]); c[kv[1]] += kv[2] } }
        END { printf "%d %d %d\n", c["total"], c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"] }')
skipped=$(( total - passed - failed + ${node_skipped:-0} ))
passed=$(( passed + ${node_passed:-0} ))
failed=$(( failed + ${node_failed:-0} ))
total=$(( total + ${node_passed:-0} ))
# Name every failed test with the first line of its message, just above the summary, so that the end of a long log
# says what failed.
for trx in "${results}"/*.trx; do
    [[ -e "${trx}" ]] || continue
    awk '
        /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
            name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name); failed = 1 }
        failed && /<Message>/ {
            message = $0; sub(/.*<Message>/, "", message); sub(/<\/Message>.*/, "", message)
            printf "FAILED %s: %s\n", name, substr(message, 1, 400); failed = 0 }
        /<\/UnitTestResult>/ { if (failed) printf "FAILED %s\n", name; failed = 0 }' "${trx}" \
        | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
done
for suite in widget deploy; do
    grep -E '^not ok ' "${results}/${suite}-node-test.tap" 2>/dev/null | sed "s/^/FAILED ${suite} node test: /" || true
done
if (( total == 0 )); then
    echo "No test ran (see the output above)." >&2
    status=1
fi
if (( failed > 0 )); then status=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "${status}"
