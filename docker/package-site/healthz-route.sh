#!/bin/sh
# Adds `GET /healthz → 200 ok` to the router package.elm-lang.org's master actually has:
# src/backend/Main.hs, function `serve`, the `Router.serve $ Router.oneOf $ [ top ==> … ]` list
# (Server.Router's `s` and `==>`; Snap.Core is imported qualified as S). The route goes right after
# `top`, before the package routes, and the build fails loudly if the pinned source lost that anchor.
set -eu
file="$1"
anchor='        \[ top ==> ServeFile.misc artifacts "Elm Packages"'
grep -q "^${anchor}\$" "$file" || {
  echo "healthz-route: no '[ top ==> ServeFile.misc artifacts \"Elm Packages\"' route in $file; update docker/package-site/healthz-route.sh for this SOURCE_REF" >&2
  exit 1
}
sed -i "s|^\\(${anchor}\\)\$|\\1\\n        , s \"healthz\" ==> S.writeBS \"ok\\\\n\"|" "$file"
grep -q '^        , s "healthz" ==> S.writeBS "ok\\n"$' "$file"
