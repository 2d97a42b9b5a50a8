#!/usr/bin/env bash
# Starts a private single-node Kafka broker (KRaft: broker and controller in one JVM) with all
# its files under DIR, listening on 127.0.0.1 only, and makes sure the topics exist (2 partitions).
# Usage: local/kafka-up.sh DIR PORT CONTROLLER_PORT [TOPIC...]
#   TOPIC defaults to $SYNAPTIQ_TOPIC, else synaptiq.events.
# Prints the broker's pid once it has started. Idempotent: when the broker of DIR already runs,
# it only checks the topics and prints that pid. Data stays in DIR/data across restarts.
# The broker's jars come from local/kafka-broker/pom.xml (fetched with Maven on first use) or
# from $SYNAPTIQ_KAFKA_JARS. JVM options: $SYNAPTIQ_KAFKA_JAVA_OPTS (default -Xmx512m).
# Used by ./synaptiq; stop the broker with SIGTERM to the printed pid (also in DIR/kafka.pid).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 DIR PORT CONTROLLER_PORT [TOPIC...]" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(mkdir -p "$1" && cd "$1" && pwd)
port=$2
controller_port=$3
shift 3
topics=("$@")
[ ${#topics[@]} -gt 0 ] || topics=("${SYNAPTIQ_TOPIC:-synaptiq.events}")

if ! command -v java > /dev/null 2>&1; then
  echo "java is not installed (./synaptiq installs it: apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi

# The jars, fetched once per version of the pom (its hash names the folder).
pom="$here/kafka-broker/pom.xml"
jars=${SYNAPTIQ_KAFKA_JARS:-"$here/kafka-broker/target/jars-$(sha1sum "$pom" | cut -c1-12)"}
if ! compgen -G "$jars/kafka_2.13-*.jar" > /dev/null; then
  if ! command -v mvn > /dev/null 2>&1; then
    echo "mvn is not installed and the Kafka jars are missing from $jars (./synaptiq installs maven)" >&2
    exit 1
  fi
  echo "fetching the Kafka broker jars into $jars" >&2
  mkdir -p "$(dirname "$jars")"
  staging=$(mktemp -d "$jars.partial.XXXXXX")
  chmod 755 "$staging"
  if ! mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$staging" >&2; then
    rm -rf "$staging"
    echo "could not fetch the Kafka broker jars (Maven above)" >&2
    exit 1
  fi
  # Another run may have finished first: keep whichever folder landed.
  mv -T "$staging" "$jars" 2> /dev/null || rm -rf "$staging"
fi

mkdir -p "$dir/data" "$dir/log"
cat > "$dir/server.properties" <<PROPS
# Written by local/kafka-up.sh on every start; edit that script instead.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=2
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cat > "$dir/log4j2.properties" <<PROPS
# The broker's own log: $dir/log/server.log (rolled at 100 MB, 2 kept).
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $dir/log/server.log
appender.file.filePattern = $dir/log/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 100MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = WARN
PROPS
cat > "$dir/tools-log4j2.properties" <<PROPS
# Command-line tools (storage format, topics): warnings only, to stderr.
status = warn
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = err
PROPS

tool() {
  java -Xmx256m -Dlog4j2.configurationFile="$dir/tools-log4j2.properties" -cp "$jars/*" "$@"
}

ensure_topics() {
  local t
  for t in "${topics[@]}"; do
    if ! tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" \
        --create --if-not-exists --topic "$t" --partitions 2 --replication-factor 1 \
        >> "$dir/log/topics.log" 2>&1; then
      echo "could not create the topic $t on 127.0.0.1:$port; see $dir/log/topics.log" >&2
      tail -20 "$dir/log/topics.log" >&2 || true
      return 1
    fi
  done
}

running() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null \
    && tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -qF "$dir/server.properties"
}

if [ -f "$dir/kafka.pid" ] && running "$(cat "$dir/kafka.pid")"; then
  ensure_topics
  cat "$dir/kafka.pid"
  exit 0
fi

if [ ! -f "$dir/data/meta.properties" ]; then
  cluster_id=$(tool kafka.tools.StorageTool random-uuid) || { echo "could not make a Kafka cluster id" >&2; exit 1; }
  tool kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" --ignore-formatted \
    >> "$dir/log/format.log" 2>&1 || {
      echo "could not format the Kafka storage in $dir/data; see $dir/log/format.log" >&2
      tail -20 "$dir/log/format.log" >&2 || true
      exit 1
    }
fi

# Only lines written after this start count as "started".
touch "$dir/log/server.log"
log_offset=$(($(stat -c %s "$dir/log/server.log") + 1))
# shellcheck disable=SC2086 # the options are a list of words
nohup java ${SYNAPTIQ_KAFKA_JAVA_OPTS:--Xmx512m} -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$dir/log4j2.properties" -Dkafka.logs.dir="$dir/log" \
  -cp "$jars/*" kafka.Kafka "$dir/server.properties" > "$dir/log/stdout.log" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$dir/kafka.pid"
for _ in $(seq 1 450); do
  if tail -c "+$log_offset" "$dir/log/server.log" 2> /dev/null | grep -q "Kafka Server started"; then
    ensure_topics
    echo "$pid"
    exit 0
  fi
  if ! kill -0 "$pid" 2> /dev/null; then
    echo "the Kafka broker exited; see $dir/log" >&2
    tail -20 "$dir/log/stdout.log" "$dir/log/server.log" >&2 || true
    exit 1
  fi
  sleep 0.2
done
echo "the Kafka broker did not start on port $port within 90 s; see $dir/log (it is still running as pid $pid)" >&2
exit 1
