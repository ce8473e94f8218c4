#!/bin/bash
# Starts package.elm-lang.org in its data directory. The server keeps all its state in the working
# directory and replaces files there by rename (Memory.hs `write`: temp-all-packages.json →
# all-packages.json), so the working directory itself must be the persistent volume; the code it
# needs at start (Artifacts.init runs `bash build.sh`, which compiles src/frontend with elm.json
# and uses node_modules/.bin) is linked in from the image.
set -eu
code="${PACKAGE_SITE_CODE:-/opt/package-site}"
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
if [ "${PACKAGE_SITE_FRONT:-nginx}" = none ]; then
  exec package-server --port "${PORT:-8080}" --github "$(cat "$token_file")"
fi

# The front, as upstream runs it (nginx.conf at fbaea7d): nginx on $PORT serves /assets/,
# /robots.txt, /sitemap.xml and the packages' endpoint.json/releases.json from this directory and
# proxies the rest to the server on $SERVER_PORT (upstream's 8019), which serves no other static
# file than /assets/fonts.css (Main.hs `serve`). nginx-site.conf says how it maps upstream's two
# servers onto one behind the load balancer.
server_port="${SERVER_PORT:-8019}"
front="${NGINX_DIR:-/tmp/nginx}"
mkdir -p "$front"
sed -e "s|@PORT@|${PORT:-8080}|" -e "s|@ROOT@|$data|" -e "s|@SERVER@|127.0.0.1:$server_port|" \
  "${NGINX_SITE:-/usr/local/lib/package-site/nginx-site.conf}" > "$front/site.conf"
cat > "$front/nginx.conf" <<EOF
worker_processes 2;
pid $front/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path $front/client-body;
    proxy_temp_path $front/proxy;
    fastcgi_temp_path $front/fastcgi;
    uwsgi_temp_path $front/uwsgi;
    scgi_temp_path $front/scgi;
    include $front/site.conf;
}
EOF
nginx -e stderr -t -q -p "$front" -c "$front/nginx.conf"
package-server --port "$server_port" --github "$(cat "$token_file")" &
server=$!
nginx -e stderr -p "$front" -c "$front/nginx.conf" -g 'daemon off;' &
nginx=$!
trap 'kill "$server" "$nginx" 2>/dev/null' TERM INT
# Both or neither: when one stops, stop the other and exit non-zero so Nomad restarts the task.
# (bash's `wait -n`: a POSIX shell cannot wait for the first of two, and `kill -0` still finds an
# exited child that was never waited for.)
wait -n "$server" "$nginx" || true
if kill -0 "$server" 2>/dev/null; then stopped=nginx; else stopped=package-server; fi
kill "$server" "$nginx" 2>/dev/null || true
wait || true
echo "start: $stopped stopped; stopping the task" >&2
exit 1
