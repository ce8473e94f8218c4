#!/bin/sh
# Adds `GET /healthz → 200 ok` to the upstream Snap router (src/backend/Server.hs), next to its
# robots.txt route, and fails the build loudly if the pinned source no longer has that anchor.
set -eu
file="$1"
grep -q '("robots.txt", serveFile "robots.txt")' "$file" || {
  echo "healthz-route: no robots.txt route in $file; update docker/package-site/healthz-route.sh for this SOURCE_REF" >&2
  exit 1
}
sed -i 's|("robots.txt", serveFile "robots.txt")|("healthz", S.writeBS "ok\\n")\n        , ("robots.txt", serveFile "robots.txt")|' "$file"
grep -q '("healthz", S.writeBS' "$file"
