#!/usr/bin/env bash
# Starts a private ClickHouse server with all its files under DIR, listening on 127.0.0.1 only.
# Usage: local/clickhouse-up.sh DIR HTTP_PORT TCP_PORT
# Prints the server's pid once it answers SELECT 1. Used by ./synaptiq and by the tests.
# The only user is `synaptiq`, with the password kept in DIR/password (generated at first start,
# readable by its owner only): no password-less user accepts queries (docs/security.md).
set -euo pipefail
dir=$(mkdir -p "$1" && cd "$1" && pwd)
http_port=$2
tcp_port=$3
bin=$(command -v clickhouse-server || true)
if [ -z "$bin" ]; then
  echo "clickhouse-server is not installed (./synaptiq installs it: apt-get install clickhouse-server)" >&2
  exit 1
fi
mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas" "$dir/log"
if [ ! -s "$dir/password" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 > "$dir/password")
fi
password=$(cat "$dir/password")
password_hash=$(printf '%s' "$password" | sha256sum | cut -d' ' -f1)
(umask 077; cat > "$dir/users.xml") <<XML
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <synaptiq>
      <password_sha256_hex>$password_hash</password_sha256_hex>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </synaptiq>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
cat > "$dir/config.xml" <<XML
<yandex>
  <logger>
    <level>warning</level>
    <log>$dir/log/clickhouse-server.log</log>
    <errorlog>$dir/log/clickhouse-server.err.log</errorlog>
    <size>100M</size>
    <count>2</count>
  </logger>
  <http_port>$http_port</http_port>
  <tcp_port>$tcp_port</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>536870912</mark_cache_size>
  <max_concurrent_queries>200</max_concurrent_queries>
</yandex>
XML
if [ -f "$dir/clickhouse.pid" ] && kill -0 "$(cat "$dir/clickhouse.pid")" 2>/dev/null; then
  cat "$dir/clickhouse.pid"
  exit 0
fi
# A server we did not start may answer on these ports; never report it as ours.
for port in "$http_port" "$tcp_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port on 127.0.0.1 is already in use by another process; choose free ports" >&2
    exit 1
  fi
done
nohup "$bin" --config-file="$dir/config.xml" > "$dir/log/stdout.log" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$dir/clickhouse.pid"
for _ in $(seq 1 150); do
  if kill -0 "$pid" 2>/dev/null && printf 'user = "synaptiq:%s"\n' "$password" \
      | curl -sf -K - "http://127.0.0.1:$http_port/?query=SELECT%201" > /dev/null 2>&1; then
    echo "$pid"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "clickhouse-server exited; see $dir/log" >&2
    tail -20 "$dir/log/stdout.log" "$dir/log/clickhouse-server.err.log" >&2 || true
    exit 1
  fi
  sleep 0.2
done
echo "clickhouse-server did not answer on port $http_port within 30 s" >&2
exit 1
