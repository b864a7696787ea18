#!/usr/bin/env bash
# Starts and stops Cairn's own ClickHouse instances on loopback ports, from the config files beside
# this script, with no systemd and no root-owned paths:
#
#   infra/clickhouse/clickhouse.sh start|stop|kill|status  single|shard1|shard2|cluster|all
#
#   single   one instance: HTTP 127.0.0.1:18123, TCP 19000        (single.xml)
#   shard1   cluster `cairn`, shard 1: HTTP 18124, TCP 19101     (shard.xml)
#   shard2   cluster `cairn`, shard 2: HTTP 18125, TCP 19102     (shard.xml)
#   cluster  shard1 and shard2;  all  every one of them
#
# Data, pid files and logs go under $CAIRN_CLICKHOUSE_DIR (default: $TMPDIR or /tmp, then
# cairn-clickhouse/), one directory per instance, kept across stop and start (a stopped shard comes
# back with its data). `stop` is SIGTERM and waits for the exit; `kill` is SIGKILL.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${CAIRN_CLICKHOUSE_DIR:-${TMPDIR:-/tmp}/cairn-clickhouse}"

usage() {
  echo "usage: $0 start|stop|kill|status single|shard1|shard2|cluster|all" >&2
  exit 2
}

# name → "config http_port tcp_port"
instance() {
  case "$1" in
    single) echo "single.xml 18123 19000" ;;
    shard1) echo "shard.xml 18124 19101" ;;
    shard2) echo "shard.xml 18125 19102" ;;
    *) usage ;;
  esac
}

names() {
  case "$1" in
    cluster) echo "shard1 shard2" ;;
    all) echo "single shard1 shard2" ;;
    single | shard1 | shard2) echo "$1" ;;
    *) usage ;;
  esac
}

pid_of() {
  local file="$base/$1.pid"
  [ -s "$file" ] || return 1
  local pid
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

ping_ok() {
  curl -fsS --max-time 1 "http://127.0.0.1:$1/ping" 2>/dev/null | grep -q '^Ok\.$'
}

start() {
  local name=$1 config http tcp
  read -r config http tcp <<<"$(instance "$name")"
  if pid_of "$name" >/dev/null && ping_ok "$http"; then
    echo "clickhouse $name already running (pid $(pid_of "$name"), http://127.0.0.1:$http)"
    return 0
  fi
  if ping_ok "$http"; then
    echo "port $http already answers as ClickHouse, but not as $name of $base: stop that one first" >&2
    return 1
  fi
  local dir="$base/$name"
  mkdir -p "$dir/tmp"
  # Arguments after `--` override the config file's keys (ports, paths) for this instance.
  setsid nohup clickhouse-server --config-file="$here/$config" --pidfile="$base/$name.pid" -- \
    --path="$dir/" --tmp_path="$dir/tmp/" --user_files_path="$dir/user_files/" --format_schema_path="$dir/format_schemas/" \
    --http_port="$http" --tcp_port="$tcp" >>"$base/$name.log" 2>&1 </dev/null &
  for _ in $(seq 1 300); do
    if ping_ok "$http"; then
      echo "clickhouse $name running (pid $(pid_of "$name" || echo '?'), http://127.0.0.1:$http, data $dir)"
      return 0
    fi
    sleep 0.1
  done
  echo "clickhouse $name did not answer on port $http within 30 s; its log ($base/$name.log) ends:" >&2
  tail -n 20 "$base/$name.log" >&2 || true
  return 1
}

stop() {
  local name=$1 signal=$2 pid
  if ! pid=$(pid_of "$name"); then
    echo "clickhouse $name not running"
    return 0
  fi
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || {
      rm -f "$base/$name.pid"
      echo "clickhouse $name stopped"
      return 0
    }
    sleep 0.1
  done
  echo "clickhouse $name (pid $pid) still running 30 s after SIG$signal; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$base/$name.pid"
}

status() {
  local name=$1 config http tcp pid
  read -r config http tcp <<<"$(instance "$name")"
  if pid=$(pid_of "$name") && ping_ok "$http"; then
    echo "clickhouse $name running (pid $pid, http://127.0.0.1:$http)"
  else
    echo "clickhouse $name not running"
    return 1
  fi
}

[ $# -eq 2 ] || usage
command -v clickhouse-server >/dev/null || {
  echo "clickhouse-server is not installed (Debian: apt-get install -y clickhouse-server clickhouse-client)" >&2
  exit 1
}
mkdir -p "$base"
code=0
for name in $(names "$2"); do
  case "$1" in
    start) start "$name" || code=1 ;;
    stop) stop "$name" TERM ;;
    kill) stop "$name" KILL ;;
    status) status "$name" || code=1 ;;
    *) usage ;;
  esac
done
exit $code
