#!/usr/bin/env bash
# Starts one process of a private standalone Flink session cluster with all its files under DIR,
# listening on 127.0.0.1 only: the JobManager (StandaloneSessionClusterEntrypoint: REST API and web
# UI on REST_PORT) or a TaskManager (TaskManagerRunner, NAME taskmanager-N).
# Usage: local/flink-up.sh DIR LIB REST_PORT RPC_PORT jobmanager|taskmanager-N
#   LIB is a folder of Flink's jars (pipeline/target/flink-lib, copied there by the build: Maven
#   Central has no flink-dist). Writes DIR/conf/config.yaml on every call. Prints the process's pid
#   once the JobManager's REST API answers, or once the TaskManager has registered with it.
#   Logs: DIR/log/NAME.log (Flink's), DIR/log/NAME.out (stdout: the job's main runs in the JobManager).
# Settings from the environment: SYNAPTIQ_FLINK_SLOTS (2 per TaskManager), SYNAPTIQ_FLINK_JM_MEMORY
# (1024m), SYNAPTIQ_FLINK_TM_MEMORY (1536m), SYNAPTIQ_FLINK_TM_MANAGED (256m: RocksDB's memory),
# SYNAPTIQ_FLINK_CONFIG (more config.yaml lines, such as a heartbeat timeout).
# Used by ./synaptiq local --cluster and by the tests (LocalFlinkCluster); stop a process with SIGTERM.
set -euo pipefail
if [ $# -ne 5 ]; then
  echo "usage: $0 DIR LIB REST_PORT RPC_PORT jobmanager|taskmanager-N" >&2
  exit 2
fi
dir=$(mkdir -p "$1" && cd "$1" && pwd)
lib=$2
rest_port=$3
rpc_port=$4
name=$5
case $name in
  jobmanager|taskmanager-[0-9]*) ;;
  *) echo "not a cluster process: $name (jobmanager or taskmanager-N)" >&2; exit 2 ;;
esac
if ! compgen -G "$lib/flink-runtime-*.jar" > /dev/null; then
  echo "no Flink jars in $lib (build them: mvn -DskipTests package, which copies them to pipeline/target/flink-lib)" >&2
  exit 1
fi

mkdir -p "$dir/conf" "$dir/log" "$dir/tmp/$name" "$dir/web-upload"
cat > "$dir/conf/config.yaml" <<YAML
# Written by local/flink-up.sh on every start; edit that script instead.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: ${SYNAPTIQ_FLINK_JM_MEMORY:-1024m}
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
taskmanager.numberOfTaskSlots: ${SYNAPTIQ_FLINK_SLOTS:-2}
taskmanager.memory.process.size: ${SYNAPTIQ_FLINK_TM_MEMORY:-1536m}
taskmanager.memory.managed.size: ${SYNAPTIQ_FLINK_TM_MANAGED:-256m}
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
web.upload.dir: $dir/web-upload
# A job's subtasks go to every TaskManager, so losing one TaskManager is a real failover.
taskmanager.load-balance.mode: SLOTS
# A lost JobManager or TaskManager is noticed within seconds, not the default 50.
heartbeat.interval: 2000
heartbeat.timeout: 20000
${SYNAPTIQ_FLINK_CONFIG:-}
YAML
cat > "$dir/conf/log4j2.properties" <<'PROPS'
# Each process logs to the file named by -Dlog.file (DIR/log/NAME.log), rolled at 50 MB, 2 kept.
monitorInterval = 0
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.filePattern = ${sys:log.file}.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
PROPS

# Flink's shell scripts get each process's memory flags from BashJavaUtils; so does this one.
resource_params() {
  local out
  out=$(java -Xmx128m -cp "$lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$dir/conf" 2>&1) || {
    echo "Flink refused the memory settings in $dir/conf/config.yaml:" >&2
    tail -n 20 <<< "$out" >&2
    return 1
  }
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<< "$out" | cut -d: -f2-
}

rest() {
  curl -sf --max-time 5 "http://127.0.0.1:$rest_port$1" 2> /dev/null
}

if [ "$name" = jobmanager ]; then
  params=$(resource_params GET_JM_RESOURCE_PARAMS)
  class=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
else
  params=$(resource_params GET_TM_RESOURCE_PARAMS)
  class=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
fi
jvm=$(sed -n 1p <<< "$params")
dynamic=$(sed -n 2p <<< "$params")
[ "$name" = jobmanager ] || dynamic="$dynamic -D taskmanager.resource-id=$name"

# What Flink's own config.yaml passes every process on Java 17 (env.java.default-opts.all): Flink and
# Kryo reach into these JDK packages by reflection (a job's main fails without java.util, for one).
opens=""
for package in java.lang java.net java.io java.nio sun.nio.ch java.lang.reflect java.text java.time java.util \
    java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks; do
  opens="$opens --add-opens=java.base/$package=ALL-UNNAMED"
done
opens="$opens --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED"

# shellcheck disable=SC2086 # the JVM flags and -D properties are lists of words
nohup java $jvm $opens -XX:+UseG1GC -Djava.awt.headless=true -Djava.io.tmpdir="$dir/tmp/$name" \
  -Dlog.file="$dir/log/$name.log" -Dlog4j.configurationFile="$dir/conf/log4j2.properties" \
  -cp "$lib/*" "$class" --configDir "$dir/conf" $dynamic \
  -D io.tmp.dirs="$dir/tmp/$name" \
  >> "$dir/log/$name.out" 2>&1 < /dev/null &
pid=$!

ready() {
  if [ "$name" = jobmanager ]; then
    rest /overview > /dev/null
  else
    rest /taskmanagers | grep -qF "\"id\":\"$name\""
  fi
}
for _ in $(seq 1 600); do
  if ready; then
    echo "$pid"
    exit 0
  fi
  if ! kill -0 "$pid" 2> /dev/null; then
    echo "the Flink $name exited; see $dir/log/$name.log and $name.out" >&2
    tail -n 20 "$dir/log/$name.out" "$dir/log/$name.log" >&2 2> /dev/null || true
    exit 1
  fi
  sleep 0.2
done
echo "the Flink $name was not ready within 120 s; see $dir/log/$name.log (it is still running as pid $pid)" >&2
exit 1
