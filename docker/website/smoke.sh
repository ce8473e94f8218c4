# shellcheck shell=bash
# shellcheck disable=SC2034 # wait_seconds and run_args are read by docker/smoke-test.sh
# What elm-lang.org must answer beyond its health check (sourced by docker/smoke-test.sh).
smoke_checks() {
  expect "GET /" "$(status /)" 200
  body / | grep -q 'Elm.Main.init' || fail "/ is not the home page"
  expect "GET /docs" "$(status /docs)" 200
  expect "GET /0.19.1/bad-recursion" "$(status /0.19.1/bad-recursion)" 301
  expect "Location of /0.19.1/bad-recursion" "$(location /0.19.1/bad-recursion)" \
    "https://github.com/elm/compiler/blob/main/hints/bad-recursion.md"
  expect "GET /_redirects" "$(status /_redirects)" 404
  expect "GET /no-such-page" "$(status /no-such-page)" 404
}
