#!/bin/sh
# Starts package.elm-lang.org in its data directory. The server keeps all its state in the working
# directory and replaces files there by rename (Memory.hs `write`: temp-all-packages.json →
# all-packages.json), so the working directory itself must be the persistent volume; the code it
# needs at start (Artifacts.init runs `bash build.sh`, which compiles src/frontend with elm.json
# and uses node_modules/.bin) is linked in from the image.
set -eu
code=/opt/package-site
data="${DATA_DIR:?set DATA_DIR to the data directory (the volume)}"
cd "$data"
# Never on a partial registry: a restore in progress keeps everything in .restore/ until it is
# complete (backup.sh `do_restore`); the prestart task resumes it.
if [ -d .restore ]; then
  echo "start: $data/.restore is an unfinished restore; refusing to start on a partial registry (the restore prestart task resumes it: package-site-backup restore-if-empty $data)" >&2
  exit 1
fi
# A releases.json cut by a lost write (compiler File.writeBuilder never fsyncs) makes the server
# exit at start (Package/Releases.hs `read`: "The JSON in … is corrupt."): restore that package's
# file from the backup first (backup.sh `repair`), or say which file it is.
if ! bad=$(node "${RELEASES_CHECK:-/usr/local/lib/package-site/releases-check.mjs}" "$data"); then
  if [ -n "${BACKUP_BUCKET:-}" ]; then
    package-site-backup repair "$data"
  else
    echo "start: these releases.json files would stop the server and no backup is configured (BACKUP_BUCKET): $bad" >&2
    exit 1
  fi
fi
for f in build.sh elm.json src assets robots.txt node_modules; do ln -sfn "$code/$f" "$f"; done
mkdir -p packages artifacts
# The UI compiled at image build time: build.sh finds artifacts/<hash> and skips uglify.
for f in "$code"/artifacts/*; do
  if [ -e "$f" ] && [ ! -e "artifacts/${f##*/}" ]; then cp "$f" artifacts/; fi
done
token_file="${GITHUB_TOKEN_FILE:?set GITHUB_TOKEN_FILE (the Nomad template renders it)}"
[ -s "$token_file" ] || {
  echo "start: $token_file is missing or empty: GitHub.init needs an OAuth token (Nomad Variable nomad/jobs/package-site, key github_token)" >&2
  exit 1
}
# `--github` is the only way Main.hs takes the token (Flags.github); no `--bootstrap` flag exists.
exec package-server --port "${PORT:-8080}" --github "$(cat "$token_file")"
