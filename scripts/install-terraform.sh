#!/usr/bin/env bash
# Installs the pinned Terraform (terraform/.terraform-version) where it is missing, checked against a SHA-256
# written here, before it ever runs. GitHub's ubuntu-24.04 images no longer ship Terraform and
# Debian has no package, so .ci/run calls this; a machine that already has the pinned version on
# PATH is left alone.
#
# HashiCorp publishes each release as releases.hashicorp.com/terraform/<v>/terraform_<v>_<os>_<arch>.zip
# beside terraform_<v>_SHA256SUMS (lines of "<sha256>  <file>"), as developer.hashicorp.com/terraform/install
# and the "Verifying HashiCorp binary downloads" guide describe. The zip must match BOTH the pinned
# value below and the SUMS line; a mismatch installs nothing and exits 1.
#
# Environment (tests point these at a loopback mirror and a temp dir):
#   TERRAFORM_RELEASES_URL  default https://releases.hashicorp.com
#   TERRAFORM_INSTALL_DIR   default /usr/local/bin
#   TERRAFORM_VERSION       default: terraform/.terraform-version
#   TERRAFORM_SHA256        the expected zip checksum; default: the pinned value for this platform
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="${TERRAFORM_VERSION:-$(tr -d '[:space:]' <"$root/terraform/.terraform-version")}"
base="${TERRAFORM_RELEASES_URL:-https://releases.hashicorp.com}"
dest="${TERRAFORM_INSTALL_DIR:-/usr/local/bin}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux_amd64 ;;
  Linux-aarch64 | Linux-arm64) platform=linux_arm64 ;;
  *) echo "install-terraform: unsupported platform $(uname -s)-$(uname -m); accepted: Linux x86_64 or aarch64." >&2; exit 1 ;;
esac

# The published checksums of terraform_1.11.4_<platform>.zip (terraform_1.11.4_SHA256SUMS, as
# recorded by several independent packagers: Homebrew-style formulae, AUR's terraform-bin PKGBUILD,
# nix flakes pinning 1.11.4). Bump together with terraform/.terraform-version.
pinned_sha() {
  case "$1-$2" in
    1.11.4-linux_amd64) echo 1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc ;;
    1.11.4-linux_arm64) echo a43d1d0da9b9bab214a8305a39db0e40869572594ccf50c416a7756499143633 ;;
    *) return 1 ;;
  esac
}

if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "install-terraform: version '$version' is not an exact version such as 1.11.4." >&2
  exit 1
fi

if command -v terraform >/dev/null 2>&1 \
  && terraform version 2>/dev/null | head -n 1 | grep -qx "Terraform v$version"; then
  echo "install-terraform: Terraform $version is already on PATH ($(command -v terraform)); nothing to do."
  exit 0
fi

expected="${TERRAFORM_SHA256:-}"
if [ -z "$expected" ] && ! expected="$(pinned_sha "$version" "$platform")"; then
  echo "install-terraform: no pinned checksum for Terraform $version on $platform; add it to pinned_sha in $0." >&2
  exit 1
fi

zip="terraform_${version}_${platform}.zip"
sums="terraform_${version}_SHA256SUMS"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "install-terraform: downloading $base/terraform/$version/$zip"
curl -fsSL --retry 3 -o "$work/$zip" "$base/terraform/$version/$zip"
curl -fsSL --retry 3 -o "$work/$sums" "$base/terraform/$version/$sums"

listed="$(awk -v f="$zip" '$2 == f { print $1 }' "$work/$sums")"
actual="$(sha256sum "$work/$zip" | cut -d ' ' -f 1)"
if [ -z "$listed" ]; then
  echo "install-terraform: $sums lists no checksum for $zip; nothing installed." >&2
  exit 1
fi
if [ "$listed" != "$expected" ]; then
  echo "install-terraform: $sums says $listed for $zip, but the pinned checksum is $expected; nothing installed." >&2
  exit 1
fi
if [ "$actual" != "$expected" ]; then
  echo "install-terraform: $zip has sha256 $actual, expected $expected; nothing installed." >&2
  exit 1
fi

unzip -q -o "$work/$zip" terraform -d "$work/bin"
chmod 0755 "$work/bin/terraform"
reported="$("$work/bin/terraform" version 2>/dev/null | head -n 1 || true)"
if [ "$reported" != "Terraform v$version" ]; then
  echo "install-terraform: the downloaded binary reports '$reported', not 'Terraform v$version'; nothing installed." >&2
  exit 1
fi
mkdir -p "$dest"
# Same-directory rename, so a half-copied binary is never on PATH.
cp "$work/bin/terraform" "$dest/.terraform.new"
mv -f "$dest/.terraform.new" "$dest/terraform"
echo "install-terraform: Terraform $version ($platform, sha256 $actual) installed in $dest."
