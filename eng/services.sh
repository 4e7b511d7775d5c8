#!/usr/bin/env bash
# eng/services.sh — real servers for Tellal's tests, run as plain background processes on loopback.
#
#   eng/services.sh install [names...]   install missing packages (root; Debian/Ubuntu). Names: postgres rabbitmq
#                                        redis maildev nginx chromium libsasl2 poppler (no names = the default services)
#   eng/services.sh start [names...]     idempotent; names: postgres rabbitmq redis maildev nginx kafka
#                                        (no names = all of them: the multi-node tests need Nginx too)
#                                        kafka: librdkafka's mock cluster (eng/tools/KafkaMock), 3 brokers, memory
#                                        only: for development and tests; prints its bootstrap servers
#   eng/services.sh stop [names...]      stops what this script started (no names = everything)
#   eng/services.sh restart <names...>   stop + start (data is kept)
#   eng/services.sh kill <names...>      simulate a crash (SIGKILL; postgres: immediate shutdown); start recovers
#   eng/services.sh status [names...]    exit code 3 if a named service is not running
#   eng/services.sh env                  prints `export TELLAL_TEST_...` lines for running services
#                                        (also written to $TELLAL_SERVICES_DIR/env.sh); kafka: TELLAL_TEST_KAFKA
#                                        (bootstrap servers) and TELLAL_TEST_KAFKA_CONTROL (the mock's control API)
#   eng/services.sh reload nginx         re-reads nginx.conf + conf.d/*.conf (tests drop upstreams there)
#   eng/services.sh rabbitmqctl <args>   rabbitmqctl bound to our node (same HOME/cookie/node name)
#   eng/services.sh psql [args]          psql as the tellal superuser
#
# Everything (data, logs, pid files, generated passwords) lives under $TELLAL_SERVICES_DIR
# (default ${TMPDIR:-/tmp}/tellal-services). Ports are deliberately non-default so that these servers never
# clash with a system-wide or another project's server; each is overridable (see the TELLAL_* variables below).
#
# Rules this script keeps (other things may run on the same machine):
#   * it only ever signals PIDs read from its own pid files, after checking /proc/<pid>/cmdline (PID reuse);
#     nothing is killed by name, and epmd (shared by every Erlang node on the host) is never stopped;
#   * servers are started detached from the caller: own session, stdio redirected to log files, no inherited
#     file descriptors (so they can never hold a CI pipe or one of our lock files open).
set -euo pipefail

# ------------------------------------------------------------------------------------------------ settings
SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
REPO_DIR="$(dirname "$(dirname "$SCRIPT_PATH")")"
TELLAL_SERVICES_DIR="$(realpath -m "${TELLAL_SERVICES_DIR:-${TMPDIR:-/tmp}/tellal-services}")"
# npm cache for maildev: beside the services dir, so wiping the data does not cost a 50 s npm install.
TELLAL_NODE_DIR="$(realpath -m "${TELLAL_NODE_DIR:-$(dirname "$TELLAL_SERVICES_DIR")/tellal-node}")"

# Default ports sit below 20000: above 32767 is the kernel's ephemeral range, so while a test restarts a service
# (broker, database, mail outage drills) any socket bound to port 0 or any outgoing connection could take its port
# (a clean-clone run lost RabbitMQ's distribution port that way); 20000-32767 is where tests pick their nodes' ports.
PG_PORT="${TELLAL_PG_PORT:-17432}"
RMQ_PORT="${TELLAL_RABBITMQ_PORT:-17672}"
RMQ_MGMT_PORT="${TELLAL_RABBITMQ_MGMT_PORT:-17673}"
RMQ_DIST_PORT="${TELLAL_RABBITMQ_DIST_PORT:-17674}"       # must be set: rabbit's default (AMQP+20000) is in the ephemeral range
RMQ_CTL_PORT_MIN="${TELLAL_RABBITMQ_CTL_PORT_MIN:-17680}"  # rabbitmqctl's own Erlang node (default 35672-35682)
RMQ_NODE="${TELLAL_RABBITMQ_NODE:-tellal_rmq@localhost}"  # unique: epmd is shared by all Erlang nodes on the host
# Management (HTTP API for tests that inspect queues/connections) costs ~0.5 s per start but ~5 s per graceful
# stop (RabbitMQ 3.10.8 waits on its stats collector). TELLAL_RABBITMQ_PLUGINS= (empty) turns it off;
# `eng/services.sh kill rabbitmq` is instant either way.
RMQ_PLUGINS="${TELLAL_RABBITMQ_PLUGINS-rabbitmq_management}"  # comma-separated; set but empty = no plugins
REDIS_PORT="${TELLAL_REDIS_PORT:-17379}"
REDIS_APPENDFSYNC="${TELLAL_REDIS_APPENDFSYNC:-always}"      # always | everysec | no
SMTP_PORT="${TELLAL_SMTP_PORT:-17025}"
MAILDEV_WEB_PORT="${TELLAL_MAILDEV_WEB_PORT:-17080}"
NGINX_PORT="${TELLAL_NGINX_PORT:-17180}"
# The mock cluster's brokers listen on ephemeral loopback ports (env prints them); its control API on this one.
KAFKA_CONTROL_PORT="${TELLAL_KAFKA_CONTROL_PORT:-17092}"
KAFKA_BROKERS="${TELLAL_KAFKA_BROKERS:-3}"
WAIT_TIMEOUT="${TELLAL_SERVICES_TIMEOUT:-120}"             # seconds, per readiness wait

DB_USER=tellal    # PostgreSQL superuser and RabbitMQ administrator; passwords are generated per services dir
DB_NAME=tellal

DEFAULT_SERVICES=(postgres rabbitmq redis maildev nginx kafka)
ALL_SERVICES=(postgres rabbitmq redis maildev nginx kafka)

PGD="$TELLAL_SERVICES_DIR/postgres"
RMQD="$TELLAL_SERVICES_DIR/rabbitmq"
RDD="$TELLAL_SERVICES_DIR/redis"
MDD="$TELLAL_SERVICES_DIR/maildev"
NGD="$TELLAL_SERVICES_DIR/nginx"
KFD="$TELLAL_SERVICES_DIR/kafka"
LOCKD="$TELLAL_SERVICES_DIR/locks"
INSTALL_LOG="$TELLAL_SERVICES_DIR/install-apt.log"
NPM_LOG="$TELLAL_SERVICES_DIR/install-npm.log"
RMQ_BIN=/usr/lib/rabbitmq/bin   # not /usr/sbin/rabbitmq*: those wrappers switch to the rabbitmq user (other cookie)
MAILDEV_JS="$TELLAL_NODE_DIR/node_modules/.bin/maildev"   # npm's link to the package's bin entry

export DEBIAN_FRONTEND=noninteractive

# ------------------------------------------------------------------------------------------------ helpers
log()  { printf '[services %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { log "ERROR: $*"; exit 1; }
now()  { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# Print the tail of a log file to stderr (used on every failure: quiet on success, loud on failure).
show_log() { [[ -f "$1" ]] && { log "--- last ${2:-40} lines of $1:"; tail -n "${2:-40}" "$1" >&2; log "---"; }; return 0; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ensure_port_free() { ! port_open "$2" || die "$1: port $2 is already used by a process this script did not start"; }

read_pid() { [[ -s "$1" ]] && head -n1 "$1" | tr -dc '0-9' || true; }
# True if $1 is a live process whose command line contains $2 (guards against a recycled PID).
pid_matches() {
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  local cmd; cmd="$(tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline")" || return 1
  [[ "$cmd" == *"$2"* ]]
}
wait_gone() { # pid timeout_s
  local end=$(( $(date +%s) + $2 ))
  while kill -0 "$1" 2>/dev/null; do
    [[ -r "/proc/$1/stat" && "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" == Z ]] && return 0  # zombie = gone
    (( $(date +%s) >= end )) && return 1
    sleep 0.1
  done
}
wait_until() { # timeout_s description command...
  local t="$1" what="$2"; shift 2
  local end=$(( $(date +%s) + t ))
  until "$@"; do
    (( $(date +%s) >= end )) && { log "timeout after ${t}s waiting for $what"; return 1; }
    sleep 0.1
  done
}

# Close every file descriptor above 2 that this (sub)shell inherited or opened (lock files, a CI runner's
# pipes...), except 255, bash's handle on the script itself. Called right before starting a server.
close_extra_fds() {
  local fd
  for fd in /proc/"$BASHPID"/fd/*; do
    fd="${fd##*/}"
    [[ "$fd" =~ ^[0-9]+$ ]] && (( fd > 2 && fd != 255 )) && { eval "exec $fd>&-" 2>/dev/null || true; }
  done
  return 0
}
# Run a command that daemonizes by itself (pg_ctl, redis, nginx) with clean fds; its output goes to $1.
run_clean() { local out="$1"; shift; ( close_extra_fds; "$@" < /dev/null >> "$out" 2>&1 ); }
# Start a long-running foreground server in the background, in its own session (immune to the caller's Ctrl-C:
# the caller's trap stops it properly). Sets SPAWNED_PID.
spawn() { local out="$1"; shift; ( close_extra_fds; exec setsid "$@" < /dev/null >> "$out" 2>&1 ) & SPAWNED_PID=$!; }

# Per-service lock so that concurrent callers (test.sh starts some services in the background while a
# developer runs `status`/`start` in another shell) never launch a server twice. Released by unlock or exit.
declare -A LOCK_FDS=()
lock() {
  mkdir -p "$LOCKD"
  local fd; exec {fd}> "$LOCKD/$1.lock"
  flock -w 600 "$fd" || die "could not lock $LOCKD/$1.lock within 600 s"
  LOCK_FDS[$1]=$fd
}
unlock() { local fd="${LOCK_FDS[$1]:-}"; [[ -n "$fd" ]] && { exec {fd}>&-; unset 'LOCK_FDS[$1]'; }; return 0; }

# A random alphanumeric password, generated once and kept in $1 (mode 600). Alphanumeric on purpose: it is
# pasted into connection strings and URIs without escaping. No password literal lives in this script.
secret() {
  local f="$1"
  if [[ ! -s "$f" ]]; then
    mkdir -p "$(dirname "$f")"
    ( umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > "$f.tmp" && mv "$f.tmp" "$f" )
  fi
  cat "$f"
}

canonical() { # user-facing service/package name -> our name
  case "$1" in
    postgres|postgresql|pg) echo postgres ;;
    rabbitmq|rabbitmq-server|rabbit|rmq) echo rabbitmq ;;
    redis|redis-server) echo redis ;;
    maildev|smtp|mail) echo maildev ;;
    nginx) echo nginx ;;
    kafka) echo kafka ;;
    chromium) echo chromium ;;
    libsasl2|libsasl2-2|sasl) echo libsasl2 ;;
    poppler|poppler-utils|pdftotext) echo poppler ;;
    *) die "unknown service or package '$1'" ;;
  esac
}
is_service() { [[ " ${ALL_SERVICES[*]} " == *" $1 "* ]] || die "'$1' is not a service (one of: ${ALL_SERVICES[*]})"; }

# ------------------------------------------------------------------------------------------------ install
# kafka: Confluent.Kafka's bundled librdkafka needs libsasl2.so.3 (else it silently loads another build).
declare -A DEB_PACKAGE=([postgres]=postgresql [rabbitmq]=rabbitmq-server [redis]=redis-server [nginx]=nginx
                        [chromium]=chromium [libsasl2]=libsasl2-2 [poppler]=poppler-utils [kafka]=libsasl2-2)
deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Installs what is missing; npm (maildev) may still be running in the background when this returns:
# wait_for_npm before using maildev. Sets NPM_JOB.
NPM_JOB=""
install_packages_async() { # canonical names
  local name pkgs=() want_node=0
  for name in "$@"; do
    if [[ "$name" == maildev ]]; then
      want_node=1
      command -v node > /dev/null && command -v npm > /dev/null || pkgs+=(nodejs npm)
    elif ! deb_installed "${DEB_PACKAGE[$name]}"; then
      pkgs+=("${DEB_PACKAGE[$name]}")
    fi
  done
  mkdir -p "$TELLAL_SERVICES_DIR"
  # On a fresh machine apt (~25-55 s) and npm (~25-50 s) are both mostly downloads: run them side by side
  # (unless npm itself still has to come from apt).
  if (( want_node )) && [[ ! -f "$MAILDEV_JS" ]] && command -v npm > /dev/null; then
    install_maildev & NPM_JOB=$!
  fi
  if (( ${#pkgs[@]} )); then
    is_root || die "missing packages: ${pkgs[*]} (run as root, or install them yourself)"
    command -v apt-get > /dev/null || die "missing packages: ${pkgs[*]} and no apt-get to install them"
    local t0; t0=$(now)
    lock install   # two of our own installs would otherwise fight over the dpkg lock
    log "installing ${pkgs[*]} (apt-get, log: $INSTALL_LOG)"
    # DPkg::Lock::Timeout: wait for someone else's apt-get instead of failing at once.
    { apt-get update -q -o DPkg::Lock::Timeout=300 && apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${pkgs[@]}"; } \
        >> "$INSTALL_LOG" 2>&1 || { show_log "$INSTALL_LOG"; die "apt-get install ${pkgs[*]} failed"; }
    unlock install
    log "installed ${pkgs[*]} in $(since "$t0")s"
  fi
  if (( want_node )) && [[ -z "$NPM_JOB" ]]; then install_maildev; fi
  return 0
}
wait_for_npm() { if [[ -n "$NPM_JOB" ]]; then wait "$NPM_JOB" || exit 1; NPM_JOB=""; fi; }
install_packages() { install_packages_async "$@"; wait_for_npm; }

install_maildev() {
  [[ -f "$MAILDEV_JS" ]] && return 0
  local t0; t0=$(now)
  mkdir -p "$TELLAL_NODE_DIR"
  # The node dir may be shared by several services dirs: lock it there, not in ours.
  local fd; exec {fd}> "$TELLAL_NODE_DIR/.install.lock"; flock -w 600 "$fd" || die "could not lock $TELLAL_NODE_DIR"
  if [[ ! -f "$MAILDEV_JS" ]]; then
    log "installing maildev@3 into $TELLAL_NODE_DIR (npm, log: $NPM_LOG)"
    # A package.json of its own, so that npm never walks up and installs into some parent project.
    [[ -f "$TELLAL_NODE_DIR/package.json" ]] || echo '{ "name": "tellal-test-tools", "private": true }' > "$TELLAL_NODE_DIR/package.json"
    ( cd "$TELLAL_NODE_DIR" && npm install --prefix "$TELLAL_NODE_DIR" --no-audit --no-fund --loglevel=error maildev@3 ) \
        >> "$NPM_LOG" 2>&1 < /dev/null || { show_log "$NPM_LOG"; die "npm install maildev@3 failed"; }
    [[ -f "$MAILDEV_JS" ]] || die "npm install succeeded but $MAILDEV_JS is missing"
    log "installed maildev in $(since "$t0")s"
  fi
  exec {fd}>&-
}

# ------------------------------------------------------------------------------------------------ PostgreSQL
pg_bin() {
  if [[ -n "${TELLAL_PG_BIN:-}" ]]; then echo "$TELLAL_PG_BIN"; return; fi
  local d; d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$d" ]] || die "postgres: no /usr/lib/postgresql/*/bin (install postgresql)"
  echo "$d"
}
# PostgreSQL refuses to run as root: as root, run its tools as the postgres OS user.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_pid() { read_pid "$PGD/data/postmaster.pid"; }
pg_running() { pid_matches "$(pg_pid)" "$PGD/data"; }

pg_start() {
  if pg_running; then log "postgres: already running (pid $(pg_pid))"; return; fi
  local t0 bin; t0=$(now); bin="$(pg_bin)"
  ensure_port_free postgres "$PG_PORT"
  mkdir -p "$PGD"
  if is_root; then
    chown postgres: "$PGD"
    runuser -u postgres -- test -w "$PGD" || die "postgres: the postgres OS user cannot write $PGD (set TELLAL_SERVICES_DIR to a directory it can reach, e.g. under /tmp)"
  fi
  local pw; pw="$(secret "$PGD/tellal.password")"
  if [[ ! -s "$PGD/data/PG_VERSION" ]]; then
    rm -rf "$PGD/data"
    # The bootstrap superuser *is* tellal. initdb runs as the postgres OS user, which can read neither our
    # secret file nor a pipe of root's: hand it a short-lived copy it owns (never the command line).
    # Local socket connections (our own admin calls below) are trusted, TCP ones need the password.
    local pwfile="$PGD/initdb.pw"
    ( umask 077; printf '%s\n' "$pw" > "$pwfile" ); is_root && chown postgres: "$pwfile"
    as_pg "$bin/initdb" -D "$PGD/data" -U "$DB_USER" --pwfile="$pwfile" -E UTF8 \
        --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 --no-instructions --no-sync \
        > "$PGD/initdb.log" 2>&1 || { rm -f "$pwfile"; show_log "$PGD/initdb.log"; die "postgres: initdb failed"; }
    rm -f "$pwfile"
  fi
  # Durability is traded for speed: tests only, never for data anyone wants to keep.
  local opts="-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PGD"
  opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
  opts+=" ${TELLAL_PG_EXTRA_OPTS:-}"
  run_clean "$PGD/pg_ctl.log" as_pg "$bin/pg_ctl" -D "$PGD/data" -l "$PGD/postgres.log" -w -t "$WAIT_TIMEOUT" -o "$opts" start \
      || { show_log "$PGD/postgres.log"; die "postgres: start failed"; }
  # Idempotent: (re)set the password from our file and create the database if missing. Via stdin, so the
  # password is not visible in ps; as the tellal role over the trusted local socket.
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGD" -p "$PG_PORT" -U "$DB_USER" -d postgres > "$PGD/setup.log" 2>&1 <<SQL \
      || { show_log "$PGD/setup.log"; die "postgres: setting up role/database failed"; }
ALTER ROLE "$DB_USER" WITH LOGIN SUPERUSER PASSWORD '$pw';
SELECT 'CREATE DATABASE "$DB_NAME" OWNER "$DB_USER"' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME') \gexec
SQL
  log "postgres: ready on 127.0.0.1:$PG_PORT (pid $(pg_pid)) in $(since "$t0")s"
}

pg_stop() {
  if ! pg_running; then log "postgres: not running"; return; fi
  local pid; pid="$(pg_pid)"
  # -m fast: roll back open transactions, checkpoint, exit (data kept). pg_ctl signals the pid in
  # postmaster.pid of *our* data directory, which pg_running just checked.
  run_clean "$PGD/pg_ctl.log" as_pg "$(pg_bin)/pg_ctl" -D "$PGD/data" -m fast -w -t 60 stop \
      || { kill -TERM "$pid" 2>/dev/null || true; }
  wait_gone "$pid" 60 || die "postgres: pid $pid still alive after 60 s"
  log "postgres: stopped"
}

# ------------------------------------------------------------------------------------------------ RabbitMQ
rmq_env() { # the environment shared by the server and our rabbitmqctl calls (same HOME = same Erlang cookie)
  export HOME="$RMQD/home"
  export RABBITMQ_NODENAME="$RMQ_NODE" RABBITMQ_NODE_PORT="$RMQ_PORT" RABBITMQ_DIST_PORT="$RMQ_DIST_PORT"
  export RABBITMQ_CTL_DIST_PORT_MIN="$RMQ_CTL_PORT_MIN" RABBITMQ_CTL_DIST_PORT_MAX="$((RMQ_CTL_PORT_MIN + 9))"
  export RABBITMQ_MNESIA_BASE="$RMQD/mnesia" RABBITMQ_LOG_BASE="$RMQD/log"
  export RABBITMQ_CONFIG_FILE="$RMQD/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$RMQD/enabled_plugins"
  export RABBITMQ_PID_FILE="$RMQD/rabbitmq.pid"
  export RABBITMQ_CONF_ENV_FILE=/dev/null   # ignore /etc/rabbitmq/rabbitmq-env.conf
  # Erlang distribution (node <-> CLI) on loopback only; an epmd we happen to start listens on loopback too.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export ERL_EPMD_ADDRESS=127.0.0.1
}
rmqctl() { ( rmq_env; close_extra_fds; exec "$RMQ_BIN/rabbitmqctl" "$@" ); }
rmq_pid() { read_pid "$RMQD/rabbitmq.pid"; }
# The beam command line has no node name (set at runtime) but does carry "-home <our HOME>".
rmq_running() { pid_matches "$(rmq_pid)" "-home $RMQD/home"; }
rmq_wrapper_running() { pid_matches "$(read_pid "$RMQD/wrapper.pid")" "rabbitmq-server"; }
rmq_mgmt_enabled() { [[ ",$RMQ_PLUGINS," == *",rabbitmq_management,"* ]]; }

rmq_write_config() {
  local pw; pw="$(secret "$RMQD/tellal.password")"
  # The tellal user is the broker's *default user*: created on the first boot of an empty database, before
  # any listener opens, so no client can race it and no rabbitmqctl round trip (~1 s each) is needed.
  # guest is then not created at all.
  ( umask 077; cat > "$RMQD/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$RMQ_PORT
default_user = $DB_USER
default_pass = $pw
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
default_vhost = /
management.tcp.ip = 127.0.0.1
management.tcp.port = $RMQ_MGMT_PORT
${TELLAL_RABBITMQ_EXTRA_CONF:-}
EOF
  )
  # Offline plugin enablement is just this file: no rabbitmq-plugins call needed.
  if [[ -n "$RMQ_PLUGINS" ]]; then echo "[${RMQ_PLUGINS}]." > "$RMQD/enabled_plugins"; else echo "[]." > "$RMQD/enabled_plugins"; fi
}

rmq_launch() { # returns at once; rmq_wait waits. Sets RMQ_T0 and RMQ_LAUNCHED.
  RMQ_T0=$(now); RMQ_LAUNCHED=0
  if rmq_running; then return; fi
  if rmq_wrapper_running; then return; fi   # launched by someone else a moment ago, still booting
  [[ -x "$RMQ_BIN/rabbitmq-server" ]] || die "rabbitmq: $RMQ_BIN/rabbitmq-server not found (eng/services.sh install rabbitmq)"
  ensure_port_free rabbitmq "$RMQ_PORT"
  rmq_mgmt_enabled && ensure_port_free "rabbitmq management" "$RMQ_MGMT_PORT"
  ensure_port_free "rabbitmq distribution" "$RMQ_DIST_PORT"
  mkdir -p "$RMQD"/{home,mnesia,log}
  # A password file without the user database (or the other way round) would make them disagree: the
  # database is test data, so start it afresh.
  if [[ ! -s "$RMQD/tellal.password" ]]; then rm -rf "$RMQD/mnesia"; mkdir -p "$RMQD/mnesia"; fi
  rmq_write_config
  rm -f "$RMQD/rabbitmq.pid"
  ( rmq_env; cd "$RMQD"; spawn "$RMQD/log/stdout.log" "$RMQ_BIN/rabbitmq-server"; echo "$SPAWNED_PID" > "$RMQD/wrapper.pid" )
  RMQ_LAUNCHED=1
}

rmq_ready() { port_open "$RMQ_PORT" && { ! rmq_mgmt_enabled || port_open "$RMQ_MGMT_PORT"; }; }
rmq_wait() {
  if (( RMQ_LAUNCHED )); then
    # Authoritative readiness: the rabbit application (and plugins) fully booted.
    rmqctl -q wait --timeout "$WAIT_TIMEOUT" "$RMQD/rabbitmq.pid" > "$RMQD/log/wait.log" 2>&1 \
      || { show_log "$RMQD/log/wait.log" 10; show_log "$RMQD/log/stdout.log"; die "rabbitmq: did not start (logs in $RMQD/log)"; }
  fi
  # Listeners open at the very end of the boot; this is also how an "already running" node is checked.
  wait_until "$WAIT_TIMEOUT" "rabbitmq listeners" rmq_ready || { show_log "$RMQD/log/stdout.log"; die "rabbitmq: not ready"; }
  if (( RMQ_LAUNCHED )); then
    log "rabbitmq: ready on 127.0.0.1:$RMQ_PORT (node $RMQ_NODE, pid $(rmq_pid)) in $(since "$RMQ_T0")s"
  else
    log "rabbitmq: already running (pid $(rmq_pid))"
  fi
}

rmq_stop() {
  local pid wrapper; pid="$(rmq_pid)"; wrapper="$(read_pid "$RMQD/wrapper.pid")"
  if ! rmq_running; then
    # Still booting (no pid file yet)? Wait for it rather than leave a half-started node behind.
    if rmq_wrapper_running; then
      wait_until 60 "rabbitmq pid file" rmq_running || true
      pid="$(rmq_pid)"
    fi
    if ! rmq_running; then log "rabbitmq: not running"; rm -f "$RMQD/wrapper.pid"; return; fi
  fi
  # SIGTERM makes the Erlang VM shut RabbitMQ down gracefully (queues and messages are kept), without the
  # ~1 s `rabbitmqctl shutdown` spends booting an Erlang VM of its own.
  kill -TERM "$pid"
  wait_gone "$pid" 60 || die "rabbitmq: pid $pid still alive after 60 s"
  if [[ -n "$wrapper" ]] && pid_matches "$wrapper" "rabbitmq-server"; then wait_gone "$wrapper" 10 || true; fi
  rm -f "$RMQD/wrapper.pid"
  log "rabbitmq: stopped"
}

# ------------------------------------------------------------------------------------------------ Redis
redis_pid() { read_pid "$RDD/redis.pid"; }
redis_running() { pid_matches "$(redis_pid)" "redis-server 127.0.0.1:$REDIS_PORT"; }  # redis rewrites its title
redis_ping() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_start() {
  if redis_running; then log "redis: already running (pid $(redis_pid))"; return; fi
  local t0; t0=$(now)
  command -v redis-server > /dev/null || die "redis: redis-server not found (eng/services.sh install redis)"
  ensure_port_free redis "$REDIS_PORT"
  mkdir -p "$RDD"
  rm -f "$RDD/redis.pid"
  # AOF only (no RDB snapshots): data survives a stop/start and a SIGKILL. appendfsync always (the Redis transport's
  # recommended setting, docs/deploy.md: nothing acknowledged is lost even when the machine dies) unless
  # TELLAL_REDIS_APPENDFSYNC says everysec.
  run_clean "$RDD/redis.log" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RDD" \
      --appendonly yes --appendfsync "$REDIS_APPENDFSYNC" --save "" \
      --daemonize yes --pidfile "$RDD/redis.pid" --logfile "$RDD/redis.log" \
      || { show_log "$RDD/redis.log"; die "redis: start failed"; }
  wait_until "$WAIT_TIMEOUT" "redis PING" redis_ping && wait_until 10 "redis pid file" redis_running \
      || { show_log "$RDD/redis.log"; die "redis: not ready"; }
  log "redis: ready on 127.0.0.1:$REDIS_PORT (pid $(redis_pid)) in $(since "$t0")s"
}

redis_stop() {
  if ! redis_running; then log "redis: not running"; return; fi
  local pid; pid="$(redis_pid)"
  kill -TERM "$pid"   # graceful: flushes the AOF
  wait_gone "$pid" 30 || die "redis: pid $pid still alive after 30 s"
  log "redis: stopped"
}

# ------------------------------------------------------------------------------------------------ maildev
maildev_pid() { read_pid "$MDD/maildev.pid"; }
maildev_running() { pid_matches "$(maildev_pid)" "--smtp $SMTP_PORT"; }
maildev_ready() { curl -sf -o /dev/null "http://127.0.0.1:$MAILDEV_WEB_PORT/api/healthz" && port_open "$SMTP_PORT"; }

maildev_start() {
  if maildev_running; then log "maildev: already running (pid $(maildev_pid))"; return; fi
  local t0; t0=$(now)
  [[ -f "$MAILDEV_JS" ]] || die "maildev: $MAILDEV_JS not found (eng/services.sh install maildev)"
  ensure_port_free "maildev smtp" "$SMTP_PORT"
  ensure_port_free "maildev web" "$MAILDEV_WEB_PORT"
  mkdir -p "$MDD"
  # Mail is kept in memory only: every start begins with an empty inbox.
  spawn "$MDD/maildev.log" node "$MAILDEV_JS" --smtp "$SMTP_PORT" --ip 127.0.0.1 \
      --web "$MAILDEV_WEB_PORT" --web-ip 127.0.0.1
  echo "$SPAWNED_PID" > "$MDD/maildev.pid"
  wait_until "$WAIT_TIMEOUT" "maildev" maildev_ready || { show_log "$MDD/maildev.log"; die "maildev: not ready"; }
  log "maildev: ready, SMTP 127.0.0.1:$SMTP_PORT, API http://127.0.0.1:$MAILDEV_WEB_PORT/api (pid $SPAWNED_PID) in $(since "$t0")s"
}

maildev_stop() {
  if ! maildev_running; then log "maildev: not running"; rm -f "$MDD/maildev.pid"; return; fi
  local pid; pid="$(maildev_pid)"
  kill -TERM "$pid"
  wait_gone "$pid" 20 || die "maildev: pid $pid still alive after 20 s"
  rm -f "$MDD/maildev.pid"
  log "maildev: stopped"
}

# ------------------------------------------------------------------------------------------------ nginx
# A bare reverse-proxy host: it answers /healthz and includes $NGD/conf.d/*.conf, where tests write their own
# server/upstream blocks before `eng/services.sh reload nginx`.
nginx_pid() { read_pid "$NGD/logs/nginx.pid"; }
nginx_running() { pid_matches "$(nginx_pid)" "-p $NGD/"; }
nginx_cmd() { nginx -p "$NGD/" -c nginx.conf -e logs/error.log "$@"; }

nginx_write_config() {
  mkdir -p "$NGD"/{logs,conf.d,tmp}
  chmod 0777 "$NGD/tmp"   # workers run as nobody when the master is root and buffer request bodies there
  cat > "$NGD/nginx.conf" <<EOF
# generated by eng/services.sh; add server/upstream blocks in conf.d/*.conf
worker_processes 1;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log logs/access.log;
    client_body_temp_path tmp/body;
    proxy_temp_path       tmp/proxy;
    fastcgi_temp_path     tmp/fastcgi;
    uwsgi_temp_path       tmp/uwsgi;
    scgi_temp_path        tmp/scgi;
    # WebSockets: Connection "upgrade" only when the client asks for it, "" keeps upstream keepalive otherwise.
    map \$http_upgrade \$connection_upgrade { default upgrade; '' ""; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /healthz { return 200 "ok\n"; }
    }
    include conf.d/*.conf;
}
EOF
}

nginx_start() {
  if nginx_running; then log "nginx: already running (pid $(nginx_pid))"; return; fi
  local t0; t0=$(now)
  command -v nginx > /dev/null || die "nginx: not found (eng/services.sh install nginx)"
  ensure_port_free nginx "$NGINX_PORT"
  nginx_write_config
  run_clean "$NGD/logs/stdout.log" nginx_cmd || { show_log "$NGD/logs/error.log"; die "nginx: start failed"; }
  wait_until 20 "nginx" curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz" && wait_until 10 "nginx pid" nginx_running \
      || { show_log "$NGD/logs/error.log"; die "nginx: not ready"; }
  log "nginx: ready on 127.0.0.1:$NGINX_PORT (pid $(nginx_pid)) in $(since "$t0")s"
}

nginx_reload() {
  nginx_running || die "nginx: not running"
  nginx_cmd -t > "$NGD/logs/test.log" 2>&1 || { show_log "$NGD/logs/test.log"; die "nginx: configuration test failed"; }
  kill -HUP "$(nginx_pid)"
  log "nginx: reloaded"
}

nginx_stop() {
  if ! nginx_running; then log "nginx: not running"; return; fi
  local pid; pid="$(nginx_pid)"
  kill -QUIT "$pid"   # graceful: finish in-flight requests
  wait_gone "$pid" 30 || die "nginx: pid $pid still alive after 30 s"
  log "nginx: stopped"
}

# ------------------------------------------------------------------------------------------------ Kafka
# librdkafka's mock cluster in a process of its own (eng/tools/KafkaMock): everything in memory, so a stop or a crash
# loses every topic and offset. Built into the services dir and run from there, so a later build of the repository
# never replaces the files under a running cluster.
KAFKA_TOOL="$REPO_DIR/eng/tools/KafkaMock"
kafka_pid() { read_pid "$KFD/kafka.pid"; }
kafka_running() { pid_matches "$(kafka_pid)" "--control-port $KAFKA_CONTROL_PORT"; }
kafka_ready() { [[ -s "$KFD/bootstrap" ]] && curl -sf -o /dev/null "http://127.0.0.1:$KAFKA_CONTROL_PORT/bootstrap"; }

kafka_build() {
  if [[ -f "$KFD/bin/KafkaMock.dll" ]] && [[ -z "$(find "$KAFKA_TOOL" -path '*/obj' -prune -o -path '*/bin' -prune -o -type f -newer "$KFD/bin/KafkaMock.dll" -print -quit)" ]]; then
    return
  fi
  command -v dotnet > /dev/null || die "kafka: dotnet not found (the mock cluster is a .NET tool: eng/tools/KafkaMock)"
  local t0; t0=$(now)
  dotnet build "$KAFKA_TOOL" -c Release -nologo -v q -tl:off -nodeReuse:false -o "$KFD/bin" > "$KFD/build.log" 2>&1 < /dev/null \
      || { show_log "$KFD/build.log"; die "kafka: building eng/tools/KafkaMock failed"; }
  touch "$KFD/bin/KafkaMock.dll"
  log "kafka: built eng/tools/KafkaMock in $(since "$t0")s"
}

kafka_start() {
  if kafka_running; then log "kafka: already running (pid $(kafka_pid)), bootstrap $(cat "$KFD/bootstrap")"; return; fi
  local t0; t0=$(now)
  ensure_port_free "kafka control" "$KAFKA_CONTROL_PORT"
  mkdir -p "$KFD"
  kafka_build
  rm -f "$KFD/bootstrap"
  spawn "$KFD/kafka.log" dotnet "$KFD/bin/KafkaMock.dll" --brokers "$KAFKA_BROKERS" \
      --control-port "$KAFKA_CONTROL_PORT" --bootstrap-file "$KFD/bootstrap"
  echo "$SPAWNED_PID" > "$KFD/kafka.pid"
  wait_until "$WAIT_TIMEOUT" "kafka" kafka_ready || { show_log "$KFD/kafka.log"; die "kafka: not ready"; }
  log "kafka: ready, $KAFKA_BROKERS brokers, bootstrap $(cat "$KFD/bootstrap"), control http://127.0.0.1:$KAFKA_CONTROL_PORT (pid $SPAWNED_PID, memory only) in $(since "$t0")s"
}

kafka_stop() {
  if ! kafka_running; then log "kafka: not running"; rm -f "$KFD/kafka.pid" "$KFD/bootstrap"; return; fi
  local pid; pid="$(kafka_pid)"
  kill -TERM "$pid"
  wait_gone "$pid" 20 || die "kafka: pid $pid still alive after 20 s"
  rm -f "$KFD/kafka.pid" "$KFD/bootstrap"
  log "kafka: stopped (its topics and offsets are gone: it keeps them in memory)"
}

# ------------------------------------------------------------------------------------------------ commands
running() { # service -> exit code
  case "$1" in
    postgres) pg_running ;; rabbitmq) rmq_running ;; redis) redis_running ;;
    maildev) maildev_running ;; nginx) nginx_running ;; kafka) kafka_running ;;
  esac
}
pid_of() {
  case "$1" in
    postgres) pg_pid ;; rabbitmq) rmq_pid ;; redis) redis_pid ;; maildev) maildev_pid ;; nginx) nginx_pid ;;
    kafka) kafka_pid ;;
  esac
}

cmd_install() {
  local names=() n
  (( $# )) || set -- "${DEFAULT_SERVICES[@]}"
  for n in "$@"; do names+=("$(canonical "$n")"); done
  install_packages "${names[@]}"
}

cmd_start() {
  local svcs=() n t0; t0=$(now)
  (( $# )) || set -- "${DEFAULT_SERVICES[@]}"
  for n in "$@"; do n="$(canonical "$n")"; is_service "$n"; svcs+=("$n"); done
  want() { [[ " ${svcs[*]} " == *" $1 "* ]]; }
  mkdir -p "$TELLAL_SERVICES_DIR"
  install_packages_async "${svcs[@]}"
  # RabbitMQ boots slowest (10-20 s): launch it first, start the others while it boots, wait for it last.
  if want rabbitmq; then lock rabbitmq; rmq_launch; fi
  if want postgres; then lock postgres; pg_start; unlock postgres; fi
  if want redis;    then lock redis;    redis_start; unlock redis; fi
  wait_for_npm
  if want maildev;  then lock maildev;  maildev_start; unlock maildev; fi
  if want nginx;    then lock nginx;    nginx_start; unlock nginx; fi
  if want kafka;    then lock kafka;    kafka_start; unlock kafka; fi
  if want rabbitmq; then rmq_wait; unlock rabbitmq; fi
  log "ready: ${svcs[*]} ($(since "$t0")s)"
}

cmd_stop() {
  local svcs=() n t0 rpid=""; t0=$(now)
  (( $# )) || set -- "${ALL_SERVICES[@]}"
  for n in "$@"; do n="$(canonical "$n")"; is_service "$n"; svcs+=("$n"); done
  [[ -d "$TELLAL_SERVICES_DIR" ]] || { log "nothing to stop ($TELLAL_SERVICES_DIR does not exist)"; return; }
  want() { [[ " ${svcs[*]} " == *" $1 "* ]]; }
  # RabbitMQ takes a few seconds to shut down: do it in parallel with the others.
  if want rabbitmq; then ( lock rabbitmq; rmq_stop ) & rpid=$!; fi
  if want maildev;  then lock maildev;  maildev_stop; unlock maildev; fi
  if want nginx;    then lock nginx;    nginx_stop; unlock nginx; fi
  if want kafka;    then lock kafka;    kafka_stop; unlock kafka; fi
  if want redis;    then lock redis;    redis_stop; unlock redis; fi
  if want postgres; then lock postgres; pg_stop; unlock postgres; fi
  if [[ -n "$rpid" ]]; then wait "$rpid" || die "rabbitmq: stop failed"; fi
  log "stopped: ${svcs[*]} ($(since "$t0")s)"
}

# Crash instead of a clean shutdown: instant, and what failure tests usually mean by "the broker died".
# Committed/confirmed data survives (the servers' own crash recovery runs at the next start).
cmd_kill() {
  local n pid
  (( $# )) || usage
  for n in "$@"; do
    n="$(canonical "$n")"; is_service "$n"
    lock "$n"
    if ! running "$n"; then log "$n: not running"; unlock "$n"; continue; fi
    pid="$(pid_of "$n")"
    case "$n" in
      # Never SIGKILL the postmaster: its orphaned backends would keep the shared memory and block a restart.
      postgres) run_clean "$PGD/pg_ctl.log" as_pg "$(pg_bin)/pg_ctl" -D "$PGD/data" -m immediate -w -t 30 stop || true ;;
      # SIGKILL'd nginx masters leave their workers serving: use the fast (non-graceful) shutdown instead.
      nginx) kill -TERM "$pid" ;;
      *) kill -KILL "$pid" ;;
    esac
    wait_gone "$pid" 30 || die "$n: pid $pid still alive after 30 s"
    if [[ "$n" == rabbitmq ]] && rmq_wrapper_running; then wait_gone "$(read_pid "$RMQD/wrapper.pid")" 10 || true; fi
    unlock "$n"
    log "$n: killed"
  done
}

cmd_status() {
  local n rc=0 pid
  for n in "${ALL_SERVICES[@]}"; do
    if running "$n"; then pid="$(pid_of "$n")"; printf '%-9s running (pid %s)\n' "$n" "$pid"
    elif [[ "$n" == rabbitmq ]] && rmq_wrapper_running; then printf '%-9s starting\n' "$n"
    else printf '%-9s stopped\n' "$n"; fi
  done
  for n in "$@"; do n="$(canonical "$n")"; is_service "$n"; running "$n" || rc=3; done
  return "$rc"
}

cmd_env() {
  local lines=()
  lines+=("export TELLAL_SERVICES_DIR='$TELLAL_SERVICES_DIR'")
  lines+=("export TELLAL_SERVICES_SCRIPT='$SCRIPT_PATH'")
  if pg_running; then
    lines+=("export TELLAL_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=$DB_USER;Password=$(secret "$PGD/tellal.password");Database=$DB_NAME'")
  fi
  if rmq_running; then
    lines+=("export TELLAL_TEST_RABBITMQ='amqp://$DB_USER:$(secret "$RMQD/tellal.password")@127.0.0.1:$RMQ_PORT/'")
    rmq_mgmt_enabled && lines+=("export TELLAL_TEST_RABBITMQ_MANAGEMENT='http://127.0.0.1:$RMQ_MGMT_PORT'")
  fi
  if redis_running; then lines+=("export TELLAL_TEST_REDIS='127.0.0.1:$REDIS_PORT'"); fi
  if maildev_running; then
    lines+=("export TELLAL_TEST_SMTP_HOST='127.0.0.1'" "export TELLAL_TEST_SMTP_PORT='$SMTP_PORT'")
    lines+=("export TELLAL_TEST_MAILDEV_API='http://127.0.0.1:$MAILDEV_WEB_PORT/api'")
  fi
  if kafka_running; then
    lines+=("export TELLAL_TEST_KAFKA='$(cat "$KFD/bootstrap")'" "export TELLAL_TEST_KAFKA_CONTROL='http://127.0.0.1:$KAFKA_CONTROL_PORT'")
  fi
  if nginx_running; then
    lines+=("export TELLAL_TEST_NGINX='http://127.0.0.1:$NGINX_PORT'" "export TELLAL_TEST_NGINX_CONF_DIR='$NGD/conf.d'")
  fi
  mkdir -p "$TELLAL_SERVICES_DIR"
  ( umask 077; printf '%s\n' "${lines[@]}" > "$TELLAL_SERVICES_DIR/env.sh" )
  printf '%s\n' "${lines[@]}"
}

usage() { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$SCRIPT_PATH" | sed '/^set -euo/d' >&2; exit 2; }

main() {
  local cmd="${1:-}"; shift || true
  case "$cmd" in
    install) cmd_install "$@" ;;
    start)   cmd_start "$@" ;;
    stop)    cmd_stop "$@" ;;
    restart) (( $# )) || usage; cmd_stop "$@"; cmd_start "$@" ;;
    kill)    cmd_kill "$@" ;;
    status)  cmd_status "$@" ;;
    env)     cmd_env ;;
    reload)  [[ "${1:-}" == nginx ]] || usage; nginx_reload ;;
    rabbitmqctl) rmqctl "$@" ;;
    psql)    PGPASSWORD="$(secret "$PGD/tellal.password")" exec psql -X -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" "$@" ;;
    -h|--help|help|"") usage ;;
    *) log "unknown command '$cmd'"; usage ;;
  esac
}

main "$@"
