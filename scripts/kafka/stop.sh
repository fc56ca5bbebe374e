#!/usr/bin/env bash
# Stops the development Kafka broker started by start.sh (`npm run kafka:stop`): SIGTERM, then
# SIGKILL after KAFKA_STOP_TIMEOUT seconds (default 30). Idempotent; touches only the process in
# the run directory's pid file, and only if it is a Kafka JVM.
#   --clean   also delete the broker's data (topics, offsets) and cluster id
set -euo pipefail

# shellcheck source=scripts/kafka/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

say() { echo "kafka: $*" >&2; }

clean=false
for arg in "$@"; do
  case "$arg" in
    --clean) clean=true ;;
    *)
      say "usage: stop.sh [--clean]"
      exit 2
      ;;
  esac
done

if [[ -d "$KAFKA_RUN_DIR" ]]; then
  exec 9>"$KAFKA_RUN_DIR/.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 120 9 || {
      say "a start of the broker is still running (lock $KAFKA_RUN_DIR/.lock); try again"
      exit 1
    }
  fi
fi

if pid="$(kafka_pid)"; then
  say "stopping the broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after ${KAFKA_STOP_TIMEOUT}s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  say "stopped"
else
  say "not running"
fi
rm -f "$KAFKA_PID_FILE"

if [[ "$clean" == true ]]; then
  say "deleting $KAFKA_RUN_DIR/data and the cluster id"
  rm -rf "$KAFKA_RUN_DIR/data" "$KAFKA_RUN_DIR/cluster.id"
fi
