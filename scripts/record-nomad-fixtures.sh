#!/usr/bin/env bash
# Records a real Nomad agent's answers as contract fixtures for nomad-fixtures.test.ts, one file
# per endpoint: {"_source": "recorded from nomad <version> agent …", "response": <answer>}.
# Run by .github/workflows/e2e-nomad.yml after the deploy scenarios (the `www` job then has
# deployments, evaluations and allocations). Usage: record-nomad-fixtures.sh <output dir>
set -euo pipefail
out=${1:?usage: record-nomad-fixtures.sh <output dir>}
addr=${NOMAD_ADDR:-http://127.0.0.1:4646}
job=${FIXTURE_JOB:-www}
mkdir -p "$out"
version=$(curl -fsS "$addr/v1/agent/self" | jq -r '.config.Version.Version')
source="recorded from a nomad ${version} agent (-dev) by the e2e-nomad workflow, run ${GITHUB_RUN_ID:-local}"

save() { # name, then the response on stdin
  jq --arg source "$source" '{_source: $source, response: .}' >"$out/$1.json"
  echo "recorded $1"
}
get() { curl -fsS "$addr$1"; }

deployment=$(get "/v1/job/$job/deployment" | jq -r '.ID')
evaluation=$(get "/v1/job/$job/evaluations" | jq -r 'sort_by(.CreateIndex) | last | .ID')
get "/v1/deployment/$deployment" | save deployment
get "/v1/deployment/allocations/$deployment" | save deployment-allocations
get "/v1/evaluation/$evaluation" | save evaluation
get "/v1/job/$job" | save job
get "/v1/job/$job/allocations" | save job-allocations
get "/v1/job/$job/deployments" | save job-deployments
# Plan and register the job as it is (an unchanged register: a new eval, no new version).
jq '{Job: ., Diff: true}' <(get "/v1/job/$job") |
  curl -fsS -X POST --data-binary @- "$addr/v1/job/$job/plan" | save job-plan
jq '{Job: .}' <(get "/v1/job/$job") |
  curl -fsS -X POST --data-binary @- "$addr/v1/jobs" | save job-register
# Failing a terminal deployment is refused; record the answer of failing a fresh one only when
# one is running, else keep the upstream sample.
status=$(get "/v1/deployment/$deployment" | jq -r '.Status')
if [ "$status" = running ]; then
  curl -fsS -X POST --data-binary '{}' "$addr/v1/deployment/fail/$deployment" | save deployment-fail
fi
echo "Fixtures for nomad ${version} in $out: commit them as actions/shared/nomad/fixtures/nomad-${version}/."
