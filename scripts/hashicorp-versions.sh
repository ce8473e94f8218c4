#!/usr/bin/env bash
# Prints the pinned HashiCorp versions from the repository's one pin file (versions.json) as
# `name=value` lines, ready for "$GITHUB_ENV" or "$GITHUB_OUTPUT":
#   NOMAD_VERSION=2.0.5
#   CONSUL_VERSION=1.20.1
# Any workflow that runs Nomad or Consul reads the versions this way (e2e-nomad.yml, bring-up.yml):
#   scripts/hashicorp-versions.sh >>"$GITHUB_ENV"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pins="$root/versions.json"
for product in nomad consul; do
  version=$(jq -er --arg p "$product" '.[$p] | select(type == "string" and test("^[0-9]+\\.[0-9]+\\.[0-9]+$"))' "$pins") || {
    echo "hashicorp-versions: $pins has no valid \"$product\" version (accepted: a string like \"2.0.5\")." >&2
    exit 1
  }
  echo "${product^^}_VERSION=$version"
done
