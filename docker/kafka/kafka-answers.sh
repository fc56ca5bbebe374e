#!/usr/bin/env bash
# kafka-answers.sh [PORT] [HOST]: exits 0 when a Kafka broker on HOST:PORT (default
# 127.0.0.1:9092) answers a real API request, an ApiVersions v0 request (api key 18, correlation
# id 0x5347, client id "sg") whose response echoes the correlation id with error code 0.
# Needs nothing but bash and coreutils. Used by scripts/kafka/*.sh and the image's health check.
set -euo pipefail

port="${1:-9092}"
host="${2:-127.0.0.1}"
# shellcheck disable=SC2016 # the inner script expands its own $1 and $2
reply="$(
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "\x00\x00\x00\x0c\x00\x12\x00\x00\x00\x00\x53\x47\x00\x02sg" >&3
    head -c 10 <&3 | od -An -tx1 | tr -d " \n"
  ' _ "$host" "$port" 2>/dev/null
)" || exit 1
[[ "$reply" =~ ^[0-9a-f]{8}000053470000$ ]]
