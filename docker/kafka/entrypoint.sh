#!/usr/bin/env bash
# Entrypoint of the docker/kafka image: the same single-node KRaft broker as
# scripts/kafka/start.sh, in the foreground, listening on all interfaces in the container.
# Settings (environment):
#   KAFKA_ADVERTISED_HOST  host name clients use (default localhost; "kafka" inside compose)
#   KAFKA_ADVERTISED_PORT  port clients use (default KAFKA_PORT)
#   KAFKA_PORT             client port in the container (default 9092)
#   KAFKA_CLUSTER_ID       cluster id for the first format (default random)
#   KAFKA_HEAP_OPTS        JVM heap options (default "-Xms128m -Xmx512m")
set -euo pipefail

KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
DATA_DIR="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"
CONFIG="${TMPDIR:-/tmp}/server.properties"
LOG4J="-Dlog4j2.configurationFile=$KAFKA_HOME/config/log4j2-console.properties"

env KAFKA_DATA_DIR="$DATA_DIR" KAFKA_LISTEN_HOST="${KAFKA_LISTEN_HOST:-0.0.0.0}" \
  KAFKA_ADVERTISED_HOST="${KAFKA_ADVERTISED_HOST:-localhost}" \
  bash "$KAFKA_HOME/server-config.sh" >"$CONFIG"

if [[ ! -f "$DATA_DIR/meta.properties" ]]; then
  cluster_id="${KAFKA_CLUSTER_ID:-}"
  if [[ -z "$cluster_id" ]]; then
    cluster_id=-
    while [[ "$cluster_id" == -* ]]; do
      cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
  fi
  java -Xmx256m -Dkafka.root.loglevel=WARN "$LOG4J" -cp "$KAFKA_HOME/lib/*" \
    kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$CONFIG"
fi

read -r -a heap_opts <<<"${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
exec java "${heap_opts[@]}" "@$KAFKA_HOME/config/jvm.options" "$LOG4J" \
  -cp "$KAFKA_HOME/lib/*" kafka.Kafka "$CONFIG"
