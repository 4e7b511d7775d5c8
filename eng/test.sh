#!/usr/bin/env bash
# eng/test.sh — THE one command that runs every Tellal test (CI runs it through .ci/run).
#
#   eng/test.sh                      build Tellal.slnx once (Release), run every tests/*/*.csproj
#   eng/test.sh Core Messaging       only the test projects whose name contains one of these (case-insensitive)
#
# Environment:
#   TELLAL_TEST_FILTER=...           passed to `dotnet test --filter` (e.g. "FullyQualifiedName~Outbox")
#   TELLAL_TEST_SERVICES="..."       servers to start (default: postgres rabbitmq redis maildev nginx kafka; "none" = none)
#   TELLAL_KEEP_SERVICES=1           leave the servers running afterwards (eng/services.sh stop stops them)
#   TELLAL_TEST_PARALLEL=2           test projects run at the same time (the machine has 2 cores)
#   TELLAL_TEST_PROJECT_TIMEOUT=40m  hard limit per test project; TELLAL_TEST_HANG_TIMEOUT=15m per single test
#   TELLAL_SKIP_BUILD=1              reuse the last build (developers only)
#
# A test project that references Microsoft.Playwright gets Debian's Chromium installed (apt) with the servers.
#
# A test project whose csproj contains <TellalTestSerial>true</TellalTestSerial> runs alone, after the others
# (for tests that stop/restart servers through $TELLAL_SERVICES_SCRIPT or otherwise need the machine alone).
#
# Output: per-project lines, failing tests with their messages, then
#   Totals: <n> passed, <n> failed, <n> skipped        (the plain form CI's log reader recognises)
#   TEST SUMMARY: passed=<n> failed=<n> skipped=<n> projects=<n> duration=<s>s
#   RESULT: PASS|FAIL
# TRX files land in artifacts/test-results/<project>/, console logs in artifacts/test-results/<project>.log.
# Exit code 0 only if every selected project ran, produced results and had no failing test.
set -euo pipefail

ENG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${TELLAL_REPO_ROOT:-$ENG_DIR/..}" && pwd)"   # TELLAL_REPO_ROOT: to check this script elsewhere
SERVICES_SH="$ENG_DIR/services.sh"
SOLUTION="${TELLAL_SOLUTION:-Tellal.slnx}"
CONFIGURATION=Release
SERVICES="${TELLAL_TEST_SERVICES:-postgres rabbitmq redis maildev nginx kafka}"
[[ "$SERVICES" == none ]] && SERVICES=""
# The Kafka mock cluster is a .NET tool built from this repository (eng/tools/KafkaMock): it starts after the build,
# the others during it.
AFTER_BUILD_SERVICES="$(tr ' ' '\n' <<< "$SERVICES" | grep -x kafka || true)"
BACKGROUND_SERVICES="$(tr ' ' '\n' <<< "$SERVICES" | grep -vx kafka | tr '\n' ' ' || true)"
BACKGROUND_SERVICES="${BACKGROUND_SERVICES% }"
# libsasl2: Confluent.Kafka's bundled librdkafka needs libsasl2.so.3 (else it silently loads another build).
# poppler: the PDF tests read the reports back with pdftotext/pdfimages.
PACKAGES="libsasl2 poppler"
PARALLEL="${TELLAL_TEST_PARALLEL:-2}"
PROJECT_TIMEOUT="${TELLAL_TEST_PROJECT_TIMEOUT:-40m}"
HANG_TIMEOUT="${TELLAL_TEST_HANG_TIMEOUT:-15m}"
FILTER="${TELLAL_TEST_FILTER:-}"

ARTIFACTS="$REPO_ROOT/artifacts"
RESULTS="$ARTIFACTS/test-results"
STATE="$RESULTS/.state"   # per-project summaries and pids, written by the background jobs

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NUGET_XMLDOC_MODE=skip

# ------------------------------------------------------------------------------------------------ helpers
T0=$SECONDS
PHASES=()          # "<name> <seconds>s" of finished phases
PHASE_NAME="" PHASE_T0=0
SERVICES_JOB=""    # pid of the background `services.sh start`
STARTED_SERVICES=() # services this run started (and so stops)
SUMMARY_PRINTED=0
CLEANED_UP=0
ABORT_REASON=""    # why the run stopped before the tests finished, for the summary

say() { printf '%s\n' "$*"; }
hr()  { printf '== %s\n' "$*"; }
elapsed() { awk -v s="$1" 'BEGIN { printf "%d:%02d", s / 60, s % 60 }'; }
phase() { # start a phase (ends the previous one)
  end_phase
  PHASE_NAME="$1"; PHASE_T0=$SECONDS
  hr "$1 [$(elapsed $((SECONDS - T0)))]"
}
end_phase() {
  [[ -n "$PHASE_NAME" ]] || return 0
  local d=$((SECONDS - PHASE_T0))
  PHASES+=("$PHASE_NAME ${d}s")
  say "-- $PHASE_NAME: ${d}s"
  PHASE_NAME=""
}

# ------------------------------------------------------------------------------------------------ services
start_services_async() {
  [[ -n "$SERVICES$PACKAGES" ]] || return 0
  local s
  # Only what is not running already is ours to stop later (a developer may keep servers running).
  for s in $SERVICES; do
    "$SERVICES_SH" status "$s" > /dev/null 2>&1 || STARTED_SERVICES+=("$s")
  done
  # RabbitMQ boots in 10-20 s, apt/npm installs on a fresh machine take a minute: all of it overlaps the build.
  # shellcheck disable=SC2086
  # (no names would mean "the default services": start only when some are asked for)
  ( "$SERVICES_SH" install $PACKAGES $SERVICES && { [[ -z "$BACKGROUND_SERVICES" ]] || "$SERVICES_SH" start $BACKGROUND_SERVICES; } ) \
      > "$ARTIFACTS/services.log" 2>&1 < /dev/null &
  SERVICES_JOB=$!
  say "starting in the background: $BACKGROUND_SERVICES${AFTER_BUILD_SERVICES:+ (after the build: $AFTER_BUILD_SERVICES)} (log: artifacts/services.log)"
}

wait_services() {
  [[ -n "$SERVICES_JOB" ]] || return 0
  if ! wait "$SERVICES_JOB"; then
    SERVICES_JOB=""
    sed 's/^/   /' "$ARTIFACTS/services.log"
    say "ERROR: the test servers did not start (full log: artifacts/services.log)"
    ABORT_REASON="test servers did not start"
    return 1
  fi
  SERVICES_JOB=""
  # shellcheck disable=SC2086
  if [[ -n "$AFTER_BUILD_SERVICES" ]] && ! "$SERVICES_SH" start $AFTER_BUILD_SERVICES >> "$ARTIFACTS/services.log" 2>&1 < /dev/null; then
    sed 's/^/   /' "$ARTIFACTS/services.log"
    say "ERROR: $AFTER_BUILD_SERVICES did not start (full log: artifacts/services.log)"
    ABORT_REASON="test servers did not start"
    return 1
  fi
  grep -E 'ready|installed|already running' "$ARTIFACTS/services.log" | sed 's/^/   /' || true
  local envs; envs="$("$SERVICES_SH" env)"
  eval "$envs"
  say "   exported: $(grep -o 'TELLAL_[A-Z_]*' <<< "$envs" | tr '\n' ' ')"
}

stop_services() {
  if [[ -n "$SERVICES_JOB" ]]; then wait "$SERVICES_JOB" 2> /dev/null || true; SERVICES_JOB=""; fi
  (( ${#STARTED_SERVICES[@]} )) || return 0
  if [[ "${TELLAL_KEEP_SERVICES:-0}" == 1 ]]; then
    say "keeping ${STARTED_SERVICES[*]} running (TELLAL_KEEP_SERVICES=1; stop: eng/services.sh stop)"
    return 0
  fi
  local t=$SECONDS
  if "$SERVICES_SH" stop "${STARTED_SERVICES[@]}" >> "$ARTIFACTS/services.log" 2>&1; then
    say "stopped ${STARTED_SERVICES[*]} ($((SECONDS - t))s)"
  else
    say "WARNING: stopping ${STARTED_SERVICES[*]} failed (see artifacts/services.log)"
  fi
  STARTED_SERVICES=()
}

# Browser tests drive Debian's Chromium (Playwright's own browser downloads need the internet): install it
# only when a selected project uses Playwright.
add_packages_for_projects() {
  local p
  for p in "${PROJECTS[@]}"; do
    if grep -q 'Microsoft\.Playwright' "$p"; then PACKAGES+=" chromium"; say "   $p drives a browser: installing chromium"; break; fi
  done
}

# ------------------------------------------------------------------------------------------------ projects
# Not every project under tests/ is a test project (e.g. a test node the suites start as a child process).
# A test project references Microsoft.NET.Test.Sdk, in its csproj or in a Directory.Build.props/targets that
# MSBuild imports for it, or says <IsTestProject>true</IsTestProject>; <IsTestProject>false</IsTestProject> wins.
is_test_project() {
  local proj="$1" dir
  grep -Eqi '<IsTestProject>[[:space:]]*false' "$proj" && return 1
  grep -Eqi '<IsTestProject>[[:space:]]*true|Microsoft\.NET\.Test\.Sdk' "$proj" && return 0
  dir="$(dirname "$proj")"
  while :; do
    cat "$dir"/Directory.Build.props "$dir"/Directory.Build.targets 2> /dev/null | grep -qi 'Microsoft\.NET\.Test\.Sdk' && return 0
    [[ "$dir" == . || "$dir" == / ]] && return 1
    dir="$(dirname "$dir")"
  done
}

discover_projects() { # fills PROJECTS (paths relative to the repo root) and SERIAL (1/0 per project)
  local p name pat keep
  PROJECTS=(); SERIAL=()
  while IFS= read -r p; do
    name="$(basename "$p" .csproj)"
    if ! is_test_project "$p"; then say "   not a test project (no Microsoft.NET.Test.Sdk): $p"; continue; fi
    if (( $# )); then
      keep=0
      for pat in "$@"; do [[ "${name,,}" == *"${pat,,}"* ]] && keep=1; done
      (( keep )) || continue
    fi
    PROJECTS+=("$p")
    if grep -Eqi '<TellalTestSerial>[[:space:]]*true[[:space:]]*</TellalTestSerial>' "$p"; then SERIAL+=(1); else SERIAL+=(0); fi
  done < <(compgen -G 'tests/*/*.csproj' | LC_ALL=C sort)
}

# --no-build runs whatever the solution build produced: a test project missing from the solution would run
# stale binaries or none at all, so say so plainly.
check_projects_in_solution() {
  local p missing=()
  for p in "${PROJECTS[@]}"; do grep -qF "$(basename "$p")" "$SOLUTION" || missing+=("$p"); done
  (( ${#missing[@]} == 0 )) && return 0
  say "ERROR: not in $SOLUTION (add them: dotnet sln $SOLUTION add <project>): ${missing[*]}"
  ABORT_REASON="test project(s) missing from $SOLUTION"
  return 1
}

build() {
  # Console: errors only; the full log (warnings included) goes to artifacts/build.log.
  if dotnet build "$SOLUTION" -c "$CONFIGURATION" -nologo -tl:off -nodeReuse:false "-clp:ErrorsOnly;NoSummary" \
       "-flp:logfile=$ARTIFACTS/build.log;verbosity=normal" < /dev/null; then
    return 0
  fi
  say "ERROR: build failed (full log: artifacts/build.log)"
  ABORT_REASON="build failed"
  return 1
}

# Counts and failures of one project's TRX files. Prints "passed failed skipped total" and writes the failing
# tests (name, message, start of the stack trace) to $1.
trx_summary() {
  python3 - "$@" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
failures_path, trx_files = sys.argv[1], sys.argv[2:]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
out = []
for path in trx_files:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        out.append(f"  (unreadable TRX {path}: {e})")
        failed += 1
        continue
    for r in root.iterfind(".//t:Results/t:UnitTestResult", ns):
        outcome = r.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive", "Pending", "NotRunnable"):
            skipped += 1
        else:  # Failed, Error, Timeout, Aborted, ...
            failed += 1
            msg = (r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns) or "").strip()
            stack = (r.findtext("t:Output/t:ErrorInfo/t:StackTrace", "", ns) or "").strip()
            lines = [f"  FAILED {r.get('testName')} [{outcome}, {r.get('duration', '?')}]"]
            lines += ["      " + l for l in msg.splitlines()[:15]]
            lines += ["      " + l.strip() for l in stack.splitlines()[:6]]
            out.append("\n".join(lines))
    # The run itself may have been aborted (test host crash): the TRX says so in RunInfos.
    # (xUnit's own "[xUnit.net ...]" echo lines land there too: not news.)
    for info in root.iterfind(".//t:ResultSummary/t:RunInfos/t:RunInfo", ns):
        text = (info.findtext("t:Text", "", ns) or "").strip()
        if info.get("outcome") in ("Error", "Failed", "Aborted") and not text.startswith("[xUnit.net"):
            out.append("  RUN " + "\n      ".join(text.splitlines()[:10]))
with open(failures_path, "w") as f:
    f.write("\n".join(out) + ("\n" if out else ""))
print(passed, failed, skipped, passed + failed + skipped)
PY
}

# Runs one test project (in the background) and writes "status passed failed skipped seconds note" to
# $STATE/<name>.summary. Never fails itself: every outcome is recorded.
run_project() {
  local proj="$1" name t0=$SECONDS rc=0 counts status note=""
  name="$(basename "$proj" .csproj)"
  local dir="$RESULTS/$name" log="$RESULTS/$name.log"
  rm -rf "$dir"; mkdir -p "$dir"
  local args=(test "$proj" -c "$CONFIGURATION" --no-build --nologo
              --results-directory "$dir" --logger "trx;LogFilePrefix=$name" --logger "console;verbosity=normal"
              --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none)
  [[ -n "$FILTER" ]] && args+=(--filter "$FILTER")
  # timeout runs in a process group of its own and passes a signal on to the whole group, dotnet test's
  # test host included: our Ctrl-C/TERM handler signals it by the pid recorded here.
  timeout -k 30s "$PROJECT_TIMEOUT" dotnet "${args[@]}" > "$log" 2>&1 < /dev/null &
  echo $! > "$STATE/$name.pid"
  wait $! || rc=$?
  rm -f "$STATE/$name.pid"

  local trx=(); mapfile -t trx < <(compgen -G "$dir/*.trx" || true)
  if (( ${#trx[@]} )); then
    counts="$(trx_summary "$STATE/$name.failures" "${trx[@]}" 2>> "$log")" || counts="0 1 0 1"
  else
    counts="0 0 0 0"; : > "$STATE/$name.failures"
  fi
  local passed failed skipped total; read -r passed failed skipped total <<< "$counts"
  if (( failed > 0 )); then status=FAIL
  elif (( rc == 124 || rc == 137 )); then status=FAIL; note="timed out after $PROJECT_TIMEOUT"
  elif (( rc != 0 )); then status=FAIL; note="dotnet test exited with $rc (crash or aborted run?)"
  elif (( total == 0 )) && [[ -n "$FILTER" ]]; then status=NONE; note="no test matched the filter"
  elif (( total == 0 )); then status=FAIL; note="produced no test results"
  else status=PASS; fi
  local secs=$((SECONDS - t0))
  echo "$status $passed $failed $skipped $secs $note" > "$STATE/$name.summary"
  printf '   %-4s %-50s passed=%-5s failed=%-4s skipped=%-4s %4ss %s\n' \
      "$status" "$name" "$passed" "$failed" "$skipped" "$secs" "$note"
}

run_tests() {
  local i max="$PARALLEL" serial=()
  (( max >= 1 )) || max=1
  for i in "${!PROJECTS[@]}"; do
    if (( SERIAL[i] )); then serial+=("${PROJECTS[i]}"); continue; fi
    while (( $(jobs -rp | wc -l) >= max )); do wait -n || true; done
    run_project "${PROJECTS[i]}" &
  done
  wait || true
  if (( ${#serial[@]} )); then
    say "   serial projects (<TellalTestSerial>): ${#serial[@]}"
    for i in "${serial[@]}"; do run_project "$i"; done
  fi
}

# Signals our running test projects (by the pids they recorded; each is a `timeout` leading its own group).
kill_test_jobs() {
  local f pid
  for f in "$STATE"/*.pid; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f" 2> /dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && grep -qa timeout "/proc/$pid/cmdline" 2> /dev/null && kill -TERM "$pid" 2> /dev/null || true
  done
}

# ------------------------------------------------------------------------------------------------ summary
print_summary() { # result reason
  local result="$1" reason="${2:-}" f name status np fl sk secs note proj
  local passed=0 failed=0 skipped=0 projects=0
  end_phase
  hr "Summary [$(elapsed $((SECONDS - T0)))]"
  for proj in "${PROJECTS[@]}"; do
    name="$(basename "$proj" .csproj)"; f="$STATE/$name.summary"
    [[ -f "$f" ]] || continue
    read -r status np fl sk secs note < "$f"
    projects=$((projects + 1)); passed=$((passed + np)); failed=$((failed + fl)); skipped=$((skipped + sk))
    printf '   %-4s %-50s passed=%-5s failed=%-4s skipped=%-4s %4ss %s\n' "$status" "$name" "$np" "$fl" "$sk" "$secs" "$note"
    if [[ "$status" == FAIL ]]; then
      result=FAIL
      say ""; say "-- $name: failing tests (TRX: artifacts/test-results/$name/)"
      if [[ -s "$STATE/$name.failures" ]]; then head -n 200 "$STATE/$name.failures"; else say "   (no failing test in the TRX: $note)"; fi
      say "-- $name: last 30 lines of artifacts/test-results/$name.log"
      tail -n 30 "$RESULTS/$name.log" 2> /dev/null | sed 's/^/   /'
      say ""
    fi
  done
  if (( projects < ${#PROJECTS[@]} )); then result=FAIL; fi   # some project never ran
  local bad; bad="$(grep -l '^FAIL' "$STATE"/*.summary 2> /dev/null | xargs -r -n1 basename | sed 's/\.summary$//' | tr '\n' ' ' || true)"
  if [[ -n "$bad" ]]; then say "   FAILED PROJECTS: $bad"; fi
  # The names once more at the very end: a log reader that keeps only the head and tail still sees which tests failed.
  grep -h '^  FAILED ' "$STATE"/*.failures 2> /dev/null | cut -c1-220 | sed 's/^  FAILED /   FAILED TEST: /' || true
  if (( passed + failed + skipped == 0 )); then result=FAIL; say "   no test ran"; fi
  [[ -n "$reason" ]] && say "   $reason"
  local ph=""; for f in "${PHASES[@]}"; do ph+="${ph:+, }$f"; done
  say "   phases: $ph"
  say ""
  say "Totals: $passed passed, $failed failed, $skipped skipped"
  say "TEST SUMMARY: passed=$passed failed=$failed skipped=$skipped projects=$projects duration=$((SECONDS - T0))s"
  say "RESULT: $result"
  SUMMARY_PRINTED=1
  [[ "$result" == PASS ]]
}

cleanup() {
  (( CLEANED_UP )) && return 0
  CLEANED_UP=1
  kill_test_jobs
  stop_services
  # In CI nothing of ours may outlive the run (a compiler server would hold the runner's output open).
  if [[ "${CI:-}" == true ]]; then dotnet build-server shutdown > /dev/null 2>&1 || true; fi
}

on_exit() {
  local rc=$?
  if (( ! SUMMARY_PRINTED )); then
    cleanup
    print_summary FAIL "aborted before all tests ran: ${ABORT_REASON:-exit code $rc}" || true
    rc=1
  fi
  cleanup
  exit "$rc"
}
on_signal() { say ""; say "interrupted by SIG$1"; ABORT_REASON="interrupted by SIG$1"; kill_test_jobs; exit 130; }

# ------------------------------------------------------------------------------------------------ main
main() {
  cd "$REPO_ROOT"
  PROJECTS=(); SERIAL=()
  trap on_exit EXIT
  trap 'on_signal INT' INT
  trap 'on_signal TERM' TERM
  command -v dotnet > /dev/null || { say "ERROR: dotnet not found on PATH"; exit 1; }
  command -v python3 > /dev/null || { say "ERROR: python3 (used to read TRX files) not found"; exit 1; }
  mkdir -p "$RESULTS"; rm -rf "$STATE"; mkdir -p "$STATE"

  phase "discover"
  discover_projects "$@"
  say "   ${#PROJECTS[@]} test project(s)${*:+ matching: $*}${FILTER:+, filter: $FILTER}"
  (( ${#PROJECTS[@]} )) || { say "ERROR: no test project found (tests/*/*.csproj${*:+ matching $*})"; exit 1; }
  [[ -f "$SOLUTION" ]] || { say "ERROR: $SOLUTION not found in $REPO_ROOT"; exit 1; }
  check_projects_in_solution
  add_packages_for_projects

  phase "services (background)"
  start_services_async

  if [[ "${TELLAL_SKIP_BUILD:-0}" == 1 ]]; then
    say "   build skipped (TELLAL_SKIP_BUILD=1)"
  else
    phase "build ($SOLUTION, $CONFIGURATION)"
    build
  fi

  phase "services (wait)"
  wait_services

  phase "tests (${PARALLEL} at a time)"
  run_tests

  end_phase
  cleanup
  print_summary PASS
}

main "$@"
