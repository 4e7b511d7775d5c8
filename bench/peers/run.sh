#!/usr/bin/env bash
# Runs the shared peer harness (../shared/bench/peers, read-only) against this checkout, with this folder's copy of the
# Tellal adapter, which adds `--stack tellal-local` (the Local transport on SQLite, the embedded default) beside `tellal`
# (RabbitMQ + PostgreSQL). Environment knobs are run-all.sh's (STACKS, REPS, RESULTS_TAG, ...); results land in
# $SA_SCRATCH/results unless RESULTS_DIR says otherwise.
#   bench/peers/run.sh                                   # tellal, tellal-local and the peers, 3 reps
#   STACKS="tellal tellal-local" REPS=1 bench/peers/run.sh
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
HARNESS="${PEERS_HARNESS:-$REPO/../shared/bench/peers}"
WORK="${SA_SCRATCH:-/tmp/peers-bench}/tellal-harness"
rm -rf "$WORK" && mkdir -p "$WORK"
tar -C "$HARNESS" --exclude=bin --exclude=obj --exclude=results -cf - . | tar -C "$WORK" -xf - && chmod -R u+w "$WORK"
cp "$REPO/bench/peers/TellalStack.cs" "$WORK/src/Peers.Bench/Stacks/TellalStack.cs"
grep -q '"tellal-local"' "$WORK/src/Peers.Bench/Stacks/StackRegistry.cs" ||
  sed -i 's|^\(\s*\)("tellal", \(.*\) () => new TellalStack()),|&\n\1("tellal-local", "Tellal'"'"'s messaging core on its embedded default (Local transport + SQLite), built from $TELLAL_REPO", () => new TellalStack(local: true)),|' \
    "$WORK/src/Peers.Bench/Stacks/StackRegistry.cs"
grep -q '"tellal-local"' "$WORK/src/Peers.Bench/Stacks/StackRegistry.cs" || { echo "could not register tellal-local" >&2; exit 1; }
export TELLAL_REPO="$REPO" STACKS="${STACKS-tellal tellal-local wolverine masstransit rabbit-classic pgqueue}" EXTRA_RUNS="${EXTRA_RUNS-}"
export RESULTS_DIR="${RESULTS_DIR:-${SA_SCRATCH:-/tmp/peers-bench}/results}"
exec "$WORK/run-all.sh"
