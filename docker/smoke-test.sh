#!/usr/bin/env bash
# Runs one service image and checks what it must answer (.github/workflows/images.yml runs this on
# GitHub after building the image; it needs the internet and a Docker engine, so not here).
#
#   docker/smoke-test.sh SERVICE IMAGE     run the image, wait for its health check, run its checks
#   docker/smoke-test.sh --plan SERVICE    print what would be checked (no Docker): the service table
#
# Every service comes from the catalog (`elm-infra services --json`; images.yml passes it in
# CATALOG, else this runs `npx elm-infra services --json`): its health path and the port its job
# maps, so the container runs as Nomad runs it (PORT set to that port, a host port mapped to it).
# What else a service must answer is its own docker/SERVICE/smoke.sh, sourced here if present (the
# .dockerignore leaves it out of the image). It may define:
#   smoke_prepare   before the container starts: add to run_args (volumes, env), set wait_seconds
#   smoke_checks    once healthy: calls to expect/status/location/body below
set -euo pipefail
usage="usage: docker/smoke-test.sh SERVICE IMAGE | docker/smoke-test.sh --plan SERVICE"
plan=false
if [ "${1:-}" = --plan ]; then
  plan=true
  shift
fi
service="${1:?$usage}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

catalog="${CATALOG:-}"
if [ -z "$catalog" ]; then
  catalog="$(cd "$here/.." && npx --no-install elm-infra services --json)"
fi
entry="$(jq -c --arg s "$service" '.services[] | select(.name == $s)' <<<"$catalog")"
if [ -z "$entry" ]; then
  echo "unknown service '$service': expected one of $(jq -r '[.services[].name] | join(", ")' <<<"$catalog") (the catalog: docker/<name>/ + nomad/<name>.nomad.hcl)" >&2
  exit 2
fi
health_path="$(jq -r '.healthPath' <<<"$entry")"
container_port="$(jq -r '.port // 8080' <<<"$entry")"
checks="$here/$service/smoke.sh"

# Defaults a service's smoke.sh may change in smoke_prepare.
run_args=()
wait_seconds=60
if [ -f "$checks" ]; then
  # shellcheck source=/dev/null
  source "$checks"
fi

if $plan; then
  printf '%s\thealth %s\tport %s\twait %ss\tchecks %s\n' "$service" "$health_path" "$container_port" \
    "$wait_seconds" "$([ -f "$checks" ] && echo "docker/$service/smoke.sh" || echo "health only")"
  exit 0
fi

image="${2:?$usage}"
port=$((20000 + RANDOM % 20000))
name="smoke-${service}-$$"
base="http://127.0.0.1:${port}"

cleanup() {
  docker logs "$name" >"${RUNNER_TEMP:-/tmp}/${name}.log" 2>&1 || true
  docker rm -f "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
  echo "::error::${service}: $*"
  docker logs --tail 100 "$name" || true
  exit 1
}

wait_healthy() {
  local deadline=$((SECONDS + $1))
  until curl -fsS -o /dev/null "$base$health_path"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$health_path did not answer 200 within $1 s"
    sleep 2
  done
  echo "ok: GET $health_path → 200"
}

# status PATH [CURL-ARGS…] → the HTTP status; location PATH → the Location header; body PATH → the body
status() { curl -s -o /dev/null -w '%{http_code}' "${@:2}" "$base$1"; }
# Gzip.serveFile (src/backend/Gzip.hs, upstream fbaea7d) answers 406 to a request without
# "Accept-Encoding: gzip" unless its User-Agent looks like a browser (curl's does not).
# shellcheck disable=SC2034 # read by the services' smoke.sh
gzip_header=(-H 'Accept-Encoding: gzip')
location() { curl -s -o /dev/null -w '%{redirect_url}' "$base$1"; }
body() { curl -fsS --compressed "$base$1"; }
expect() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; echo "ok: $1 → $2"; }

if declare -F smoke_prepare >/dev/null; then smoke_prepare; fi
docker run -d --name "$name" -p "127.0.0.1:${port}:${container_port}" -e PORT="$container_port" \
  "${run_args[@]}" "$image" >/dev/null
wait_healthy "$wait_seconds"
if declare -F smoke_checks >/dev/null; then smoke_checks; fi
echo "${service}: smoke test passed"
