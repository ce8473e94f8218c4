#!/usr/bin/env bash
# Installs the pinned release of a HashiCorp product (versions.json, via hashicorp-versions.sh) into
# a directory, checked against the release's SHA256SUMS before anything is unpacked. HashiCorp
# publishes releases.hashicorp.com/<p>/<v>/<p>_<v>_linux_<arch>.zip beside <p>_<v>_SHA256SUMS
# ("Verifying HashiCorp binary downloads"). A mismatch installs nothing and exits 1.
# Usage: install-hashicorp.sh nomad|consul <dir>
# Environment: HASHICORP_RELEASES_URL (default https://releases.hashicorp.com).
set -euo pipefail
product=${1:?usage: install-hashicorp.sh nomad|consul <dir>}
dest=${2:?usage: install-hashicorp.sh nomad|consul <dir>}
case "$product" in
  nomad | consul) ;;
  *) echo "install-hashicorp: unknown product '$product'; accepted: nomad, consul." >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "install-hashicorp: unsupported machine $(uname -m); accepted: x86_64, aarch64." >&2; exit 1 ;;
esac
here="$(cd "$(dirname "$0")" && pwd)"
key="${product^^}_VERSION"
version=$("$here/hashicorp-versions.sh" | sed -n "s/^${key}=//p")
base="${HASHICORP_RELEASES_URL:-https://releases.hashicorp.com}/$product/$version"
zip="${product}_${version}_linux_${arch}.zip"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/$zip" "$base/$zip"
curl -fsSL --retry 3 -o "$work/SHA256SUMS" "$base/${product}_${version}_SHA256SUMS"
grep -F "  $zip" "$work/SHA256SUMS" >"$work/SUM" || {
  echo "install-hashicorp: ${product}_${version}_SHA256SUMS names no $zip." >&2
  exit 1
}
(cd "$work" && sha256sum --check --strict SUM)
mkdir -p "$dest"
unzip -o -q "$work/$zip" "$product" -d "$dest"
"$dest/$product" version
