#!/usr/bin/env bash
# Run a command against PostgreSQL. Uses $DATABASE_URL when it points at PostgreSQL; otherwise starts a
# throwaway PostgreSQL 15 cluster in a temporary directory on a free local port and removes it afterwards.
# PB_PG_OPTIONS adds server settings (e.g. "-c max_connections=300" for the auction benchmark).
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` OS user.
set -euo pipefail

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  exec "$@"
fi

bindir=""
for candidate in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
  if [[ -n "$candidate" && -x "$candidate/initdb" ]]; then bindir="$candidate"; fi
done
if [[ -z "$bindir" ]]; then
  echo "with-postgres: no PostgreSQL server binaries (initdb) found; install postgresql or set DATABASE_URL" >&2
  exit 1
fi

as_db_user=()
if [[ "$(id -u)" == "0" ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  as_db_user=(runuser -u postgres --)
fi

workdir="$(mktemp -d /tmp/pb-pg.XXXXXX)"
chmod 755 "$workdir"
[[ "$(id -u)" == "0" ]] && chown postgres "$workdir"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

cleanup() {
  "${as_db_user[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${as_db_user[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 \
  || { cat "$workdir/initdb.log" >&2; exit 1; }
"${as_db_user[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PB_PG_OPTIONS:-}" \
  start >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port (throwaway cluster)"
"$@"
