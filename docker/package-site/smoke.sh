# shellcheck shell=bash
# shellcheck disable=SC2034 # wait_seconds and run_args are read by docker/smoke-test.sh
# shellcheck disable=SC2154 # gzip_header, status, body, expect and fail come from docker/smoke-test.sh
# What package.elm-lang.org must answer beyond its health check (sourced by docker/smoke-test.sh).
# It needs GITHUB_TOKEN in the environment: GitHub.init (src/backend/GitHub.hs) checks the token
# against api.github.com at start, as in production.
# Start-up compiles the UI (Artifacts.init runs build.sh) and reads every package.
wait_seconds=300

smoke_prepare() {
  : "${GITHUB_TOKEN:?package-site needs GITHUB_TOKEN (GitHub.init checks it at start)}"
  local data version
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
  run_args+=(-v "$data:/srv/package" -v "$data.token:/secrets/github-token:ro")
}

smoke_checks() {
  expect "GET /search.json (Accept-Encoding: gzip)" "$(status /search.json "${gzip_header[@]}")" 200
  expect "GET /search.json (no Accept-Encoding, curl)" "$(status /search.json)" 406
  body /search.json | grep -q '"elm/core"' || fail "/search.json lacks elm/core"
  expect "GET /packages/elm/core/1.0.5/docs.json (Accept-Encoding: gzip)" \
    "$(status /packages/elm/core/1.0.5/docs.json "${gzip_header[@]}")" 200
  body /packages/elm/core/latest/docs.json | grep -q 'Smoke' ||
    fail "latest docs.json is not the seeded one"
  expect "GET /packages/elm/core/latest/" "$(status /packages/elm/core/latest/)" 200
}
