#!/usr/bin/env bash
# Starts the machine's Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432) if they are installed but stopped.
# Prints what it did; never fails the build by itself (the tests decide, REQUIRE_SERVICES=1 makes them strict).
set -u
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! up 6379 && command -v redis-server >/dev/null; then
  echo "starting redis-server"; mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
if ! up 5432 && command -v pg_ctlcluster >/dev/null; then
  echo "starting postgresql"; pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
for i in $(seq 1 20); do up 6379 && up 5432 && break; sleep 0.5; done
up 6379 && echo "redis: up" || echo "redis: not reachable"
up 5432 && echo "postgresql: up" || echo "postgresql: not reachable"
exit 0
