# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are for the scripts that source this file
# Shared by start.sh and stop.sh: where the development Kafka broker lives and how to talk to it.
# Sourced, never run. Settings (environment):
#   KAFKA_PORT             PLAINTEXT listener on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener on 127.0.0.1 (default KAFKA_PORT + 1)
#   KAFKA_RUN_DIR          config, data, logs and pid file (default docker/kafka/run)

KAFKA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KAFKA_HOME_DIR="$KAFKA_ROOT/docker/kafka"
KAFKA_LIB_DIR="$KAFKA_HOME_DIR/lib"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_RUN_DIR="${KAFKA_RUN_DIR:-$KAFKA_HOME_DIR/run}"
KAFKA_PID_FILE="$KAFKA_RUN_DIR/kafka.pid"
KAFKA_ADDRESS="127.0.0.1:$KAFKA_PORT"

# Prints the pid of our broker if it is alive (and really is a Kafka JVM, not a reused pid).
kafka_pid() {
  local pid
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  pid="$(cat "$KAFKA_PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    grep -qa 'kafka\.Kafka' "/proc/$pid/cmdline" || return 1
  fi
  echo "$pid"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# True when a Kafka broker answers a real API request (ApiVersions) on 127.0.0.1:$1.
kafka_answers() {
  bash "$KAFKA_HOME_DIR/kafka-answers.sh" "$1" 127.0.0.1
}
