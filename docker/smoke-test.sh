#!/usr/bin/env bash
# Runs one service image and checks what it must answer (.github/workflows/images.yml runs this on
# GitHub after building the image; it needs the internet and a Docker engine, so not here).
#
#   docker/smoke-test.sh website|www|package-site IMAGE
#
# package-site needs GITHUB_TOKEN in the environment: GitHub.init (src/backend/GitHub.hs) checks
# the token against api.github.com at start, as in production.
set -euo pipefail
service="${1:?usage: docker/smoke-test.sh website|www|package-site IMAGE}"
image="${2:?usage: docker/smoke-test.sh website|www|package-site IMAGE}"
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
  until curl -fsS -o /dev/null "$base/healthz"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "/healthz did not answer 200 within $1 s"
    sleep 2
  done
}

# status PATH [CURL-ARGS…] → the HTTP status; location PATH → the Location header
status() { curl -s -o /dev/null -w '%{http_code}' "${@:2}" "$base$1"; }
# Gzip.serveFile (src/backend/Gzip.hs, upstream fbaea7d) answers 406 to a request without
# "Accept-Encoding: gzip" unless its User-Agent looks like a browser (curl's does not).
gzip_header=(-H 'Accept-Encoding: gzip')
location() { curl -s -o /dev/null -w '%{redirect_url}' "$base$1"; }
expect() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; echo "ok: $1 → $2"; }

case "$service" in
  website)
    docker run -d --name "$name" --network host -e PORT="$port" "$image" >/dev/null
    wait_healthy 60
    expect "GET /" "$(status /)" 200
    curl -fsS "$base/" | grep -q 'Elm.Main.init' || fail "/ is not the home page"
    expect "GET /docs" "$(status /docs)" 200
    expect "GET /0.19.1/bad-recursion" "$(status /0.19.1/bad-recursion)" 301
    expect "Location of /0.19.1/bad-recursion" "$(location /0.19.1/bad-recursion)" \
      "https://github.com/elm/compiler/blob/main/hints/bad-recursion.md"
    expect "GET /_redirects" "$(status /_redirects)" 404
    expect "GET /no-such-page" "$(status /no-such-page)" 404
    ;;
  www)
    docker run -d --name "$name" --network host -e PORT="$port" "$image" >/dev/null
    wait_healthy 30
    expect "GET /docs?x=1" "$(status '/docs?x=1')" 301
    expect "Location of /docs?x=1" "$(location '/docs?x=1')" "https://elm-lang.org/docs?x=1"
    ;;
  package-site)
    : "${GITHUB_TOKEN:?package-site needs GITHUB_TOKEN (GitHub.init checks it at start)}"
    data="$(mktemp -d)"
    # A small registry laid out as Package/Path.hs and Package/Register.hs write it.
    version="$data/packages/elm/core/1.0.5"
    mkdir -p "$version"
    printf '{"1.0.5":1583192186}' >"$data/packages/elm/core/releases.json"
    printf '%s' '{"type":"package","name":"elm/core","summary":"Core","license":"BSD-3-Clause","version":"1.0.5","exposed-modules":["Basics"],"elm-version":"0.19.0 <= v < 0.20.0","dependencies":{},"test-dependencies":{}}' |
      gzip -9 >"$version/elm.json.gz"
    printf '%s' '[{"name":"Basics","comment":" Smoke ","unions":[],"aliases":[],"values":[],"binops":[]}]' |
      gzip -9 >"$version/docs.json.gz"
    printf '# core\n' | gzip -9 >"$version/README.md.gz"
    printf '{"url":"https://github.com/elm/core/zipball/1.0.5/","hash":"x"}' >"$version/endpoint.json"
    printf '1583192186' >"$version/time.dat"
    printf '%s' "$GITHUB_TOKEN" >"$data.token"
    sudo chown -R 10001:10001 "$data" "$data.token"
    docker run -d --name "$name" --network host -e PORT="$port" \
      -v "$data:/srv/package" -v "$data.token:/secrets/github-token:ro" "$image" >/dev/null
    # Start-up compiles the UI (Artifacts.init runs build.sh) and reads every package.
    wait_healthy 300
    expect "GET /search.json (Accept-Encoding: gzip)" "$(status /search.json "${gzip_header[@]}")" 200
    expect "GET /search.json (no Accept-Encoding, curl)" "$(status /search.json)" 406
    curl -fsS --compressed "$base/search.json" | grep -q '"elm/core"' || fail "/search.json lacks elm/core"
    expect "GET /packages/elm/core/1.0.5/docs.json (Accept-Encoding: gzip)" \
      "$(status /packages/elm/core/1.0.5/docs.json "${gzip_header[@]}")" 200
    curl -fsS --compressed "$base/packages/elm/core/latest/docs.json" | grep -q 'Smoke' ||
      fail "latest docs.json is not the seeded one"
    expect "GET /packages/elm/core/latest/" "$(status /packages/elm/core/latest/)" 200
    ;;
  *) echo "unknown service '$service' (expected website, www or package-site)" >&2; exit 2 ;;
esac
echo "${service}: smoke test passed"
