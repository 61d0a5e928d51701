#!/usr/bin/env bash
# Runs the docker-compose topology without Docker, for a local try-out: one redis-server, three Gatehouse
# servers and nginx in front of them (passing X-Forwarded-For), all on this machine's loopback. Ctrl-C stops
# everything it started; nothing else is touched (Redis runs on its own port, never 6379, in a temporary
# directory).
#
#   deploy/try-local.sh           # start, print curl examples, run until Ctrl-C
#   deploy/try-local.sh --check   # start, run the examples, stop (exit status says whether they worked)
#
# Ports (override with environment variables): nginx GATEHOUSE_PORT=8000, servers GATEHOUSE_FIRST_PORT=8001..8003
# (their management ports, /metrics and detailed health on 127.0.0.1, GATEHOUSE_FIRST_MANAGEMENT_PORT=9001..9003),
# Redis GATEHOUSE_REDIS_PORT=6390 (or the next free one up to 6399).
# Needs: Java 17+, curl, redis-server and nginx (Debian packages redis-server and nginx; installed with apt-get
# when missing and run as root, otherwise the script says what to install).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$REPO/server/target/gatehouse-server.jar"
PORT="${GATEHOUSE_PORT:-8000}"
FIRST_PORT="${GATEHOUSE_FIRST_PORT:-8001}"
FIRST_MANAGEMENT_PORT="${GATEHOUSE_FIRST_MANAGEMENT_PORT:-9001}"
REDIS_PORT="${GATEHOUSE_REDIS_PORT:-6390}"
CHECK=false
[[ "${1:-}" == "--check" ]] && CHECK=true

say() { printf '\033[1m[try-local]\033[0m %s\n' "$*"; }
die() { printf '[try-local] error: %s\n' "$*" >&2; exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

need() {  # need <command> <debian package>
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing $2 (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    # Debian starts packaged services on install; this script runs its own instances instead.
    if [[ "$2" == nginx || "$2" == redis-server ]] && command -v service >/dev/null 2>&1; then
      service "$2" stop >/dev/null 2>&1 || true
    fi
  fi
  command -v "$1" >/dev/null 2>&1 || die "$1 is missing: install it first (sudo apt-get install $2)"
}

need java openjdk-17-jre-headless
need curl curl
need redis-server redis-server
[[ -x /usr/sbin/nginx ]] && PATH="$PATH:/usr/sbin"
need nginx nginx

if [[ ! -f "$JAR" ]]; then
  say "building the server (mvn -q -DskipTests package)"
  (cd "$REPO" && mvn -q -DskipTests package) || die "the build failed"
fi

for p in "$PORT" "$FIRST_PORT" $((FIRST_PORT + 1)) $((FIRST_PORT + 2)) \
    "$FIRST_MANAGEMENT_PORT" $((FIRST_MANAGEMENT_PORT + 1)) $((FIRST_MANAGEMENT_PORT + 2)); do
  port_in_use "$p" && die "port $p is in use; choose others with GATEHOUSE_PORT / GATEHOUSE_FIRST_PORT /" \
    "GATEHOUSE_FIRST_MANAGEMENT_PORT"
done
while port_in_use "$REDIS_PORT" || [[ "$REDIS_PORT" == 6379 ]]; do
  REDIS_PORT=$((REDIS_PORT + 1))
  [[ "$REDIS_PORT" -le 6399 ]] || die "no free port for Redis in 6390-6399; set GATEHOUSE_REDIS_PORT"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-try.XXXXXX")"
chmod 755 "$WORK"
PIDS=()
cleanup() {
  trap - EXIT INT TERM
  say "stopping"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "${KEEP_LOGS:-}" == 1 ]]; then say "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "redis-server on 127.0.0.1:$REDIS_PORT (data in $WORK)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK" --appendonly yes --appendfsync everysec \
  --save "" --maxmemory 256mb --maxmemory-policy noeviction --daemonize no --logfile "$WORK/redis.log" &
PIDS+=($!)
for _ in $(seq 1 40); do
  if command -v redis-cli >/dev/null 2>&1; then
    [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]] && break
  else
    port_in_use "$REDIS_PORT" && break
  fi
  kill -0 "${PIDS[0]}" 2>/dev/null || { tail -n 20 "$WORK/redis.log" >&2 || true; die "redis-server stopped"; }
  sleep 0.25
done

PASSWORD="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
HASH="$(printf '%s\n' "$PASSWORD" | java -jar "$JAR" hash-password)"

for i in 1 2 3; do
  port=$((FIRST_PORT + i - 1))
  say "gatehouse-$i on 127.0.0.1:$port (log $WORK/gatehouse-$i.log)"
  env PORT="$port" MANAGEMENT_PORT=$((FIRST_MANAGEMENT_PORT + i - 1)) REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" TRUSTED_PROXIES=127.0.0.1/32 INSTANCE_COUNT=3 \
    COOKIE_SECURE=false ADMIN_USERNAME=admin ADMIN_PASSWORD_HASH="$HASH" \
    java -jar "$JAR" >"$WORK/gatehouse-$i.log" 2>&1 &
  PIDS+=($!)
done

mkdir -p "$WORK/nginx"
chmod 1777 "$WORK/nginx"
cat >"$WORK/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log $WORK/nginx-access.log;
  client_body_temp_path $WORK/nginx/client_body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  upstream gatehouse {
    server 127.0.0.1:$FIRST_PORT max_fails=3 fail_timeout=10s;
    server 127.0.0.1:$((FIRST_PORT + 1)) max_fails=3 fail_timeout=10s;
    server 127.0.0.1:$((FIRST_PORT + 2)) max_fails=3 fail_timeout=10s;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$PORT;
    client_max_body_size 64k;
    # Belt and braces: the servers serve /metrics only on their management ports, which nginx never proxies.
    location ^~ /metrics { return 404; }
    location / {
      proxy_pass http://gatehouse;
      include $REPO/deploy/nginx/proxy-headers.conf;
    }
  }
}
NGINX
say "nginx on 127.0.0.1:$PORT (log $WORK/nginx-error.log)"
nginx -e "$WORK/nginx-error.log" -p "$WORK" -c "$WORK/nginx.conf" &
PIDS+=($!)

wait_for() {  # wait_for <url> <what> <log>
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    for pid in "${PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null || { tail -n 20 "$3" >&2 || true; die "$2 stopped"; }
    done
    sleep 0.5
  done
  die "$2 did not answer $1 within 60 s (see $3)"
}
for i in 1 2 3; do
  wait_for "http://127.0.0.1:$((FIRST_PORT + i - 1))/api/health/ready" "gatehouse-$i" "$WORK/gatehouse-$i.log"
done
wait_for "http://127.0.0.1:$PORT/api/health/ready" nginx "$WORK/nginx-error.log"

B="http://localhost:$PORT"
cat <<EXAMPLES

  Gatehouse is running behind nginx at $B (three instances, one Redis).
  Account: admin / $PASSWORD   (only in this run)

  curl -s $B/api/health
  curl -s -c /tmp/gatehouse-cookies -H 'Content-Type: application/json' \\
       -d '{"username":"admin","password":"$PASSWORD"}' $B/api/auth/login
  curl -s -b /tmp/gatehouse-cookies $B/api/auth/session
  curl -s -b /tmp/gatehouse-cookies $B/api/auth/sessions
  curl -s -b /tmp/gatehouse-cookies -X POST $B/api/auth/logout

  Each request may go to another instance; the session is the same on all of them.
  Stop Redis (kill the redis-server on port $REDIS_PORT) to watch them switch to memory: curl -s $B/api/health
  Details and metrics, per instance, on its management port: curl -s http://127.0.0.1:$FIRST_MANAGEMENT_PORT/api/health
  curl -s http://127.0.0.1:$FIRST_MANAGEMENT_PORT/metrics

EXAMPLES

if ! $CHECK; then
  say "running; press Ctrl-C to stop everything"
  wait -n "${PIDS[@]}" || true
  die "a process stopped unexpectedly; logs in $WORK"
fi

# --check: run the examples and verify the answers.
fail() { echo "[try-local] check failed: $*" >&2; exit 1; }
COOKIES="$WORK/cookies"
curl -fsS "$B/api/health" | grep -q '"status":"UP"' || fail "/api/health is not UP"
TOKEN="$(curl -fsS -c "$COOKIES" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$B/api/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
[[ -n "$TOKEN" ]] || fail "login through nginx"
for i in 1 2 3; do
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$((FIRST_PORT + i - 1))/api/auth/session" \
    || fail "the session does not validate on gatehouse-$i"
done
curl -fsS -b "$COOKIES" "$B/api/auth/session" | grep -q '"subject":"admin"' || fail "cookie session through nginx"
for _ in 1 2 3 4 5; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"wrong"}' "$B/api/auth/login")
  [[ "$code" == 401 ]] || fail "a wrong password answered $code, not 401"
done
headers="$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H 'X-Forwarded-For: 203.0.113.99' \
  -d '{"username":"someone","password":"wrong"}' "$B/api/auth/login")"
grep -q '^HTTP/1.1 429' <<<"$headers" || fail "the sixth failed login (with a forged X-Forwarded-For) was not 429"
grep -qi '^Retry-After: ' <<<"$headers" || fail "429 without Retry-After"
curl -fsS -b "$COOKIES" -X POST "$B/api/auth/logout" | grep -q '"loggedOut":true' || fail "logout"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$B/api/auth/session")
[[ "$code" == 401 ]] || fail "the session still validates after logout ($code)"
say "check passed: login, validation on every instance, cookie, rate limit through nginx, logout"
