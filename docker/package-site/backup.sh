#!/bin/sh
# package-site-backup: the package site's data directory ⇄ an S3 bucket (DigitalOcean Spaces), with
# rclone. One script for the sidecar that syncs every minute, the prestart task that restores an
# empty volume, and the operator's restore; tested against a real S3 server on loopback
# (actions/shared/docker/package-site-backup.engine.test.ts).
#
#   backup.sh sync                 one sync of $DATA_DIR to backup:$BACKUP_BUCKET/current
#   backup.sh loop                 sync every $BACKUP_INTERVAL s (default 60), ping $BACKUP_PING_URL
#   backup.sh restore DIR          copy the backup into DIR (refuses if DIR already holds a registry)
#   backup.sh restore-if-empty DIR restore only when DIR holds no registry yet (the prestart task)
#
# The remote is rclone's `backup:` (RCLONE_CONFIG_BACKUP_* variables, rclone docs "Config file →
# environment variables"). Only the registry's data is copied, as package.elm-lang.org writes it
# into its working directory: packages/ (Package/Register.hs, Package/Path.hs), legacy/
# (Legacy.hs), all-packages.json, search.json.gz (Memory.hs) and sitemap.xml (Sitemap.hs).
# Files that a sync would overwrite or delete are moved to attic/<UTC time>/ (rclone sync
# --backup-dir), so every version of a rewritten file is kept as well as the bucket's own versions.
set -eu

: "${BACKUP_BUCKET:?set BACKUP_BUCKET (the bucket, optionally with a prefix: elm-packages/prod)}"
REMOTE="backup:${BACKUP_BUCKET}"
# `--fast-list` lists the bucket recursively in few requests (rclone docs, "Fast list"); the data
# set is tens of thousands of small files, so it is also the cheap way to list it every minute.
rclone_data() {
  rclone "$@" --fast-list --checksum \
    --filter '+ /packages/**' --filter '+ /legacy/**' --filter '+ /all-packages.json' \
    --filter '+ /search.json.gz' --filter '+ /sitemap.xml' --filter '- **'
}

# A registry is there when at least one package has its releases.json (Package/Path.hs `releases`);
# all-packages.json is not a sign: Memory.init writes it at every start, even for no packages.
holds_registry() { [ -n "$(find "$1/packages" -name releases.json -print 2>/dev/null | head -n 1)" ]; }

do_sync() {
  dir="${DATA_DIR:?set DATA_DIR to the working directory of the package site}"
  # A fresh or wrongly mounted volume must never make the backup empty.
  holds_registry "$dir" || {
    echo "backup: $dir/packages holds no releases.json; refusing to sync an empty registry over the backup" >&2
    return 1
  }
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  # Publishing never deletes (Package/Register.hs only removes the folder of a failed first
  # publish), so a sync that would delete many files is a mistake: --max-delete stops it.
  rclone_data sync "$dir" "$REMOTE/current" --backup-dir "$REMOTE/attic/$stamp" \
    --max-delete "${BACKUP_MAX_DELETE:-50}"
}

ping() {
  [ -n "${BACKUP_PING_URL:-}" ] || return 0
  # Dead-man's switch: the monitor alerts when pings stop or a /fail ping arrives.
  curl -fsS -m 10 --retry 3 -o /dev/null "$BACKUP_PING_URL$1" || echo "backup: ping $1 failed" >&2
}

do_restore() {
  target="$1"
  mkdir -p "$target"
  if holds_registry "$target" && [ "${2:-}" != "--force" ]; then
    echo "backup: $target already holds a registry (packages/*/*/releases.json); pass --force to overwrite" >&2
    return 1
  fi
  rclone_data copy "$REMOTE/current" "$target"
  holds_registry "$target" || {
    echo "backup: $REMOTE/current holds no registry (no releases.json): seed it first (README, package site runbook)" >&2
    return 1
  }
  echo "backup: restored $(find "$target/packages" -name elm.json.gz | wc -l) package versions into $target"
}

case "${1:-}" in
  sync) do_sync ;;
  loop)
    while :; do
      if do_sync; then ping ""; else echo "backup: sync failed" >&2; ping /fail; fi
      sleep "${BACKUP_INTERVAL:-60}"
    done
    ;;
  restore)
    [ $# -ge 2 ] || { echo "usage: backup.sh restore DIR [--force]" >&2; exit 2; }
    do_restore "$2" "${3:-}"
    ;;
  restore-if-empty)
    [ $# -eq 2 ] || { echo "usage: backup.sh restore-if-empty DIR" >&2; exit 2; }
    if holds_registry "$2"; then
      echo "backup: $2 holds a registry; nothing to restore"
    elif [ "${PACKAGE_SITE_ALLOW_EMPTY:-}" = "1" ] && [ -z "$(rclone lsf --max-depth 1 "$REMOTE/current" 2>/dev/null)" ]; then
      echo "backup: backup and volume are both empty and PACKAGE_SITE_ALLOW_EMPTY=1: starting an empty registry"
    else
      do_restore "$2"
    fi
    ;;
  *)
    echo "usage: backup.sh sync | loop | restore DIR [--force] | restore-if-empty DIR" >&2
    exit 2
    ;;
esac
