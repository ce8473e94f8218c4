# shellcheck shell=bash
# shellcheck disable=SC2034 # wait_seconds and run_args are read by docker/smoke-test.sh
# What www.elm-lang.org must answer beyond its health check (sourced by docker/smoke-test.sh).
wait_seconds=30
smoke_checks() {
  expect "GET /docs?x=1" "$(status '/docs?x=1')" 301
  expect "Location of /docs?x=1" "$(location '/docs?x=1')" "https://elm-lang.org/docs?x=1"
}
