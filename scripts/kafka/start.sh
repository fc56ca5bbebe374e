#!/usr/bin/env bash
# Starts the development Apache Kafka broker (`npm run kafka:start`): one KRaft node (broker and
# controller) on 127.0.0.1, run from the org.apache.kafka jars on Maven Central with Java 17+.
# No Docker needed. Idempotent: if our broker already answers, it only prints the address.
#
# Prints progress on stderr and the bootstrap address (127.0.0.1:9092) as the last line on stdout.
# Settings (environment), besides those in common.sh:
#   KAFKA_START_TIMEOUT  seconds to wait for the broker to answer (default 60)
#   KAFKA_HEAP_OPTS      JVM heap options (default "-Xms128m -Xmx512m")
#   KAFKA_JVM_OPTS       extra JVM options
#   JAVA_HOME            the JDK to use (default: java on the PATH)
set -euo pipefail

# shellcheck source=scripts/kafka/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

CONFIG="$KAFKA_RUN_DIR/server.properties"
LOG4J_CONFIG="$KAFKA_HOME_DIR/config/log4j2.properties"
TOOLS_LOG4J_CONFIG="$KAFKA_HOME_DIR/config/log4j2-console.properties"
JVM_OPTIONS="$KAFKA_HOME_DIR/config/jvm.options"
DATA_DIR="$KAFKA_RUN_DIR/data"
LOG_DIR="$KAFKA_RUN_DIR/logs"
SERVER_LOG="$LOG_DIR/server.log"
STDOUT_LOG="$KAFKA_RUN_DIR/kafka.out"
CLUSTER_ID_FILE="$KAFKA_RUN_DIR/cluster.id"
JARS_MARKER="$KAFKA_LIB_DIR/.fetched"

say() { echo "kafka: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# The last lines the broker wrote since offset $1 of server.log, and its stdout/stderr.
# Where server.log ends now, as "<inode>:<size>", to read what is written after it.
server_log_mark() {
  if [[ -f "$SERVER_LOG" ]]; then stat -c '%i:%s' "$SERVER_LOG"; else echo "0:0"; fi
}

# What server.log holds after mark $1: all of it when it is another file (log4j moves a full
# server.log aside, and a broker with many topics logs megabytes while it starts).
new_server_log() {
  local inode="${1%%:*}" from="${1##*:}"
  if [[ "$(stat -c %i "$SERVER_LOG")" != "$inode" ]]; then from=0; fi
  tail -c "+$((from + 1))" "$SERVER_LOG"
}

show_logs() {
  local from="${1:-0:0}"
  if [[ -s "$STDOUT_LOG" ]]; then
    say "--- $STDOUT_LOG (last 20 lines)"
    tail -n 20 "$STDOUT_LOG" >&2
  fi
  if [[ -f "$SERVER_LOG" ]]; then
    say "--- $SERVER_LOG (last 40 lines)"
    new_server_log "$from" | tail -n 40 >&2
  fi
}

# Stops our broker (pid $1): SIGTERM, then SIGKILL after 20 s.
kill_broker() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$KAFKA_PID_FILE"
}

require_java() {
  command -v "$JAVA" >/dev/null 2>&1 ||
    die "Java not found ($JAVA). Install a JDK 17 or newer (or set JAVA_HOME), or set KAFKA_BROKERS to an existing broker."
  local version major
  version="$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  major="${version%%.*}"
  if [[ "$major" == 1 ]]; then major="$(echo "$version" | cut -d. -f2)"; fi
  [[ "$major" =~ ^[0-9]+$ && "$major" -ge 17 ]] ||
    die "Kafka needs Java 17 or newer; $JAVA is '${version:-unknown}'. Set JAVA_HOME to a newer JDK."
}

# True when docker/kafka/lib holds the jars of the current pom.xml.
jars_current() {
  [[ -f "$JARS_MARKER" && "$(cat "$JARS_MARKER")" == "$(cksum <"$KAFKA_HOME_DIR/pom.xml")" ]]
}

# Fetches the broker jars from Maven Central into docker/kafka/lib once per version of the pom.
fetch_jars() {
  if jars_current; then return; fi
  local stamp
  stamp="$(cksum <"$KAFKA_HOME_DIR/pom.xml")"
  command -v mvn >/dev/null 2>&1 ||
    die "Maven (mvn) not found: it fetches the Kafka jars from Maven Central. Install Maven, or set KAFKA_BROKERS to an existing broker."
  say "fetching the Kafka jars from Maven Central into $KAFKA_LIB_DIR"
  rm -rf "$KAFKA_LIB_DIR"
  # (Debian's Maven 3.8 prints colour resets even when quiet and uncoloured: strip them.)
  mvn -q -B -Dstyle.color=never -f "$KAFKA_HOME_DIR/pom.xml" dependency:copy-dependencies 2>&1 |
    sed -e $'s/\x1b\\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2 ||
    die "Maven could not fetch the Kafka jars (see above)."
  echo "$stamp" >"$JARS_MARKER"
}

# Writes this start's broker configuration to $1 (docker/kafka/server-config.sh: one source of
# truth with the Docker image), on 127.0.0.1 only.
write_config() {
  env KAFKA_DATA_DIR="$DATA_DIR" KAFKA_LISTEN_HOST=127.0.0.1 KAFKA_PORT="$KAFKA_PORT" \
    KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" KAFKA_ADVERTISED_HOST=127.0.0.1 \
    KAFKA_ADVERTISED_PORT="$KAFKA_PORT" bash "$KAFKA_HOME_DIR/server-config.sh" >"$1"
}

# Formats the storage directory once, with a random cluster id kept in run/cluster.id.
format_storage() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then return; fi
  local cluster_id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cluster_id="$(cat "$CLUSTER_ID_FILE")"
  else
    # A Kafka Uuid: 16 random bytes, base64url without padding, never starting with '-'.
    cluster_id="-"
    while [[ "$cluster_id" == -* ]]; do
      cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
    echo "$cluster_id" >"$CLUSTER_ID_FILE"
  fi
  say "formatting $DATA_DIR (cluster id $cluster_id)"
  local output
  output="$("$JAVA" -Xmx256m -Dkafka.root.loglevel=WARN \
    "-Dlog4j2.configurationFile=$TOOLS_LOG4J_CONFIG" -cp "$KAFKA_LIB_DIR/*" \
    kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$CONFIG" 2>&1)" || {
    echo "$output" >&2
    die "formatting the Kafka storage in $DATA_DIR failed (see above)."
  }
}

# Waits until our broker (pid $1) has finished starting (per its log, from offset $2) and answers.
wait_until_ready() {
  local pid="$1" from="$2" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$KAFKA_PID_FILE"
      show_logs "$from"
      die "the broker exited during start-up (logs above; all of them in $KAFKA_RUN_DIR)."
    fi
    # (grep without -q reads to the end: no SIGPIPE for tail under pipefail.)
    if [[ -f "$SERVER_LOG" ]] &&
      new_server_log "$from" | grep 'Kafka Server started' >/dev/null &&
      kafka_answers "$KAFKA_PORT"; then
      return
    fi
    if ((SECONDS >= deadline)); then
      show_logs "$from"
      kill_broker "$pid"
      die "the broker did not answer on $KAFKA_ADDRESS within ${KAFKA_START_TIMEOUT}s; stopped it (logs above)."
    fi
    sleep 0.2
  done
}

main() {
  mkdir -p "$KAFKA_RUN_DIR" "$LOG_DIR"
  # One start (or stop) at a time, e.g. when several test processes start the broker together.
  exec 9>"$KAFKA_RUN_DIR/.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 300 9 || die "another start or stop of the broker is still running (lock $KAFKA_RUN_DIR/.lock)."
  fi

  local config_next="$KAFKA_RUN_DIR/.server.properties.next" pid
  write_config "$config_next"

  if pid="$(kafka_pid)"; then
    if cmp -s "$config_next" "$CONFIG" && jars_current && kafka_answers "$KAFKA_PORT"; then
      rm -f "$config_next"
      say "already running (pid $pid)"
      echo "$KAFKA_ADDRESS"
      return
    fi
    say "our broker (pid $pid) is not answering on $KAFKA_ADDRESS, or its settings or jars changed: restarting it"
    kill_broker "$pid"
  fi
  rm -f "$KAFKA_PID_FILE"
  mv -f "$config_next" "$CONFIG"

  if kafka_answers "$KAFKA_PORT"; then
    die "a Kafka broker not started by this script already answers on $KAFKA_ADDRESS. Use it (KAFKA_BROKERS=$KAFKA_ADDRESS), stop it, or set KAFKA_PORT to a free port."
  fi
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$port"; then
      die "port $port on 127.0.0.1 is taken by another program; set KAFKA_PORT (and KAFKA_CONTROLLER_PORT) to free ports."
    fi
  done

  require_java
  fetch_jars
  format_storage

  local -a heap_opts jvm_opts launcher=()
  read -r -a heap_opts <<<"$KAFKA_HEAP_OPTS"
  read -r -a jvm_opts <<<"$KAFKA_JVM_OPTS"
  # Its own session, so the broker outlives the shell, npm or test run that started it.
  if command -v setsid >/dev/null 2>&1; then launcher=(setsid); fi
  local from
  from="$(server_log_mark)"
  : >"$STDOUT_LOG"

  say "starting Apache Kafka on $KAFKA_ADDRESS (logs in $LOG_DIR)"
  nohup ${launcher[@]+"${launcher[@]}"} "$JAVA" "${heap_opts[@]}" "@$JVM_OPTIONS" \
    "-Dkafka.logs.dir=$LOG_DIR" "-Dlog4j2.configurationFile=$LOG4J_CONFIG" \
    ${jvm_opts[@]+"${jvm_opts[@]}"} \
    -cp "$KAFKA_LIB_DIR/*" kafka.Kafka "$CONFIG" >>"$STDOUT_LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$KAFKA_PID_FILE"

  wait_until_ready "$pid" "$from"
  say "ready (pid $pid)"
  echo "$KAFKA_ADDRESS"
}

main "$@"
