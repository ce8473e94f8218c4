#!/bin/sh
# package-site-backup: the package site's data directory ⇄ an S3 bucket (DigitalOcean Spaces), with
# rclone. One script for the sidecar that syncs every minute, the prestart task that restores an
# empty volume, the server's start (repair), and the operator's restore; tested against a real S3
# server on loopback at 62,007 files inside the task's memory limit
# (actions/shared/docker/package-site-backup*.engine.test.ts, `npm run bench -- --area package-site`).
#
#   backup.sh sync                 one sync of $DATA_DIR to backup:$BACKUP_BUCKET/current
#   backup.sh loop                 sync every $BACKUP_INTERVAL s (default 60), ping $BACKUP_PING_URL
#   backup.sh restore DIR          copy the backup into DIR (refuses if DIR already holds a registry)
#   backup.sh restore-if-empty DIR restore only when DIR holds no registry yet (the prestart task);
#                                  resumes an interrupted restore; then repairs (below)
#   backup.sh repair DIR           every releases.json the server would refuse is restored from the
#                                  backup (and the versions on disk since added back)
#
# The remote is rclone's `backup:` (RCLONE_CONFIG_BACKUP_* variables, rclone docs "Config file →
# environment variables"). Only the registry's data is copied, as package.elm-lang.org writes it
# into its working directory: packages/ (Package/Register.hs, Package/Path.hs), legacy/
# (Legacy.hs), all-packages.json, search.json.gz (Memory.hs) and sitemap.xml (Sitemap.hs).
# Files that a sync would overwrite or delete are moved to attic/<UTC time>/ (rclone sync
# --backup-dir), so every version of a rewritten file is kept as well as the bucket's own versions.
#
# Beside current/ the bucket holds `manifest`: written after every good sync, it lists every data
# file that sync saw (sorted) after a first line `# versions <n> files <m>`. A restore is complete
# only when every file it names is on disk; a sync refuses a directory with fewer versions.
set -eu

: "${BACKUP_BUCKET:?set BACKUP_BUCKET (the bucket, optionally with a prefix: elm-packages/prod)}"
REMOTE="backup:${BACKUP_BUCKET}"
# rclone is Go: its heap may grow to twice what it holds before a collection (GOGC=100). A soft
# limit well under the task's memory (Go runtime docs, "GOMEMLIMIT", Go 1.19+; Debian's rclone
# 1.60.1 is built with Go 1.19) makes it collect before it gets there.
export GOMEMLIMIT="${GOMEMLIMIT:-48MiB}"
here=$(dirname "$0")
RELEASES_CHECK="${RELEASES_CHECK:-$here/releases-check.mjs}"
[ -f "$RELEASES_CHECK" ] || RELEASES_CHECK=/usr/local/lib/package-site/releases-check.mjs

# No --fast-list: it holds the whole listing in memory (rclone docs, "Fast list": "uses more
# memory"), which at ~62,000 objects outgrows the task's 128 MiB (issue 26: killed, exit 137).
# Listing directory by directory keeps one folder in memory at a time (measured peak: bench).
# --checksum: S3 gives each object's MD5 in the listing, so no HEAD per object is needed to read
# a modification time (rclone docs, s3 backend, "Avoiding HEAD requests to read the modification
# time").
rclone_data() {
  rclone "$@" --checksum \
    --filter '+ /packages/**' --filter '+ /legacy/**' --filter '+ /all-packages.json' \
    --filter '+ /search.json.gz' --filter '+ /sitemap.xml' --filter '- **'
}

# A registry is there when packages/ holds a releases.json (Package/Path.hs `releases`);
# all-packages.json is not a sign: Memory.init writes it at every start, even for no packages.
holds_registry() { [ -n "$(find "$1/packages" -name releases.json -print 2>/dev/null | head -n 1)" ]; }

# Package versions in DIR: version folders with their time.dat, which Register.hs `uploadFiles`
# writes last, after the other four files (a folder without it is a publish in progress).
count_versions() { (cd "$1" && find packages -mindepth 4 -maxdepth 4 -type f -name time.dat 2>/dev/null | wc -l); }

# Version folders with a time.dat but not the other four files (a lost or half-restored version).
incomplete_versions() {
  (cd "$1" && find packages -mindepth 4 -maxdepth 4 -type f 2>/dev/null) | awk -F/ '
    { d = $1 "/" $2 "/" $3 "/" $4; n[d]++; if ($5 == "time.dat") t[d] = 1 }
    END { for (d in t) if (n[d] < 5) print d }'
}

# The manifest of DIR: its data files, sorted, after the header line.
write_manifest() {
  (
    cd "$1"
    files=$(mktemp)
    find packages legacy all-packages.json search.json.gz sitemap.xml -type f 2>/dev/null \
      | LC_ALL=C sort > "$files"
    printf '# versions %s files %s\n' "$(count_versions .)" "$(wc -l < "$files")"
    cat "$files"
    rm -f "$files"
  )
}

# The versions the backup's manifest counts (empty when it has none yet).
backup_versions() {
  rclone cat "$REMOTE/manifest" --count 200 2>/dev/null | awk 'NR == 1 && $2 == "versions" { print $3 }'
}

do_sync() {
  dir="${DATA_DIR:?set DATA_DIR to the working directory of the package site}"
  # A fresh or wrongly mounted volume must never make the backup empty.
  holds_registry "$dir" || {
    echo "backup: $dir/packages holds no releases.json; refusing to sync an empty registry over the backup" >&2
    return 1
  }
  # Publishing never removes a version (Register.hs `revert` only removes the folder of a publish
  # that failed before its time.dat), so fewer versions here than in the backup means this volume
  # lost data: syncing would delete it from current/ (50 a run, --max-delete; every run). Stop,
  # fail the ping (alert), and leave the backup as it is: README, "Repair a volume".
  have=$(count_versions "$dir")
  want=$(backup_versions)
  if [ -n "$want" ] && [ "$have" -lt "$want" ]; then
    echo "backup: $dir holds $have package versions, the backup $want; refusing to sync a shrunken registry over the backup (run package-site-backup restore-if-empty, README \"Repair a volume\")" >&2
    return 1
  fi
  broken=$(incomplete_versions "$dir")
  if [ -n "$broken" ]; then
    echo "backup: $dir has versions with missing files ($(echo "$broken" | head -n 3 | tr '\n' ' ')…); refusing to sync them over the backup (run package-site-backup repair $dir)" >&2
    return 1
  fi
  manifest=$(mktemp)
  write_manifest "$dir" > "$manifest"
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  # --max-delete stops a run that would delete many files (each run: the version count above is
  # what stops a volume that shrinks a little every minute).
  rclone_data sync "$dir" "$REMOTE/current" --backup-dir "$REMOTE/attic/$stamp" \
    --max-delete "${BACKUP_MAX_DELETE:-50}" || { rm -f "$manifest"; return 1; }
  # Written last: the manifest names only files this sync has put in current/.
  rclone copyto "$manifest" "$REMOTE/manifest"
  rm -f "$manifest"
}

ping() {
  [ -n "${BACKUP_PING_URL:-}" ] || return 0
  # Dead-man's switch: the monitor alerts when pings stop or a /fail ping arrives.
  curl -fsS -m 10 --retry 3 -o /dev/null "$BACKUP_PING_URL$1" || echo "backup: ping $1 failed" >&2
}

# restore TARGET: everything goes into TARGET/.restore first (the same file system), is checked
# against the manifest, and only then moved into place, packages/ last (one rename: the commit
# point; History.hs `addSubDir` never reads a folder starting with "."). Killed at any point, the
# next run resumes: rclone copy skips the files the staging folder already has (same MD5).
do_restore() {
  target="$1"
  staging="$target/.restore"
  mkdir -p "$staging"
  rclone cat "$REMOTE/manifest" > "$staging/.manifest" 2>/dev/null || rm -f "$staging/.manifest"
  # --buffer-size: rclone reads ahead 16 MiB per open file by default (4 transfers: 64 MiB);
  # the largest file of a registry is under 1 MB (Register.hs bounds docs.json to 768 kB).
  rclone_data copy "$REMOTE/current" "$staging" --buffer-size 1M
  holds_registry "$staging" || {
    rm -rf "$staging"
    echo "backup: $REMOTE/current holds no registry (no releases.json): seed it first (README, package site runbook)" >&2
    return 1
  }
  if [ -s "$staging/.manifest" ]; then
    missing=$( (cd "$staging" && find packages legacy all-packages.json search.json.gz sitemap.xml -type f 2>/dev/null) \
      | LC_ALL=C sort | LC_ALL=C comm -13 - "$staging/.manifest" | grep -v '^# ' || true)
    if [ -n "$missing" ]; then
      echo "backup: restore incomplete: $(echo "$missing" | wc -l) files of the manifest are missing (e.g. $(echo "$missing" | head -n 1)); run it again to resume" >&2
      return 1
    fi
  else
    echo "backup: $REMOTE/manifest is missing (a backup from before manifests): trusting rclone's exit status alone" >&2
  fi
  for f in legacy all-packages.json search.json.gz sitemap.xml packages; do
    [ -e "$staging/$f" ] || continue
    rm -rf "${target:?}/$f"
    mv "$staging/$f" "$target/$f"
  done
  rm -rf "$staging"
  echo "backup: restored $(count_versions "$target") package versions into $target"
}

# repair DIR: restores every releases.json the server would refuse at start (releases-check.mjs)
# from the backup, adding back any version whose folder is complete on disk but missing from the
# backup's copy (published after the last sync: its time.dat holds the time Releases.add wrote).
do_repair() {
  dir="$1"
  bad=$(node "$RELEASES_CHECK" "$dir") && return 0
  for file in $bad; do
    echo "backup: $dir/$file is missing or corrupt (Package/Releases.hs would exit \"corrupt\"); restoring it from the backup" >&2
    tmp="$dir/$file.restore"
    rclone copyto "$REMOTE/current/$file" "$tmp" 2>/dev/null || printf '{}' > "$tmp"
    node -e '
      const fs = require("fs"), path = require("path")
      const [tmp, dest] = process.argv.slice(1)
      const releases = JSON.parse(fs.readFileSync(tmp, "utf8") || "{}")
      for (const v of fs.readdirSync(path.dirname(dest))) {
        const dat = path.join(path.dirname(dest), v, "time.dat")
        if (!(v in releases) && fs.existsSync(dat)) releases[v] = Number(fs.readFileSync(dat, "utf8"))
      }
      const fd = fs.openSync(tmp, "w")
      fs.writeSync(fd, JSON.stringify(releases) + "\n")
      fs.fsyncSync(fd)
      fs.closeSync(fd)
      fs.renameSync(tmp, dest)
    ' "$tmp" "$dir/$file"
  done
  node "$RELEASES_CHECK" "$dir" >/dev/null || {
    echo "backup: $dir still holds releases.json files the server would refuse" >&2
    return 1
  }
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
    if holds_registry "$2" && [ "${3:-}" != "--force" ]; then
      echo "backup: $2 already holds a registry (packages/*/*/releases.json); pass --force to overwrite" >&2
      exit 1
    fi
    do_restore "$2"
    ;;
  restore-if-empty)
    [ $# -eq 2 ] || { echo "usage: backup.sh restore-if-empty DIR" >&2; exit 2; }
    if [ -d "$2/.restore" ] && [ ! -d "$2/packages" ]; then
      echo "backup: $2/.restore is an interrupted restore; resuming it"
      do_restore "$2"
    elif holds_registry "$2"; then
      rm -rf "${2:?}/.restore"
      echo "backup: $2 holds a registry; nothing to restore"
    elif [ "${PACKAGE_SITE_ALLOW_EMPTY:-}" = "1" ] && [ -z "$(rclone lsf --max-depth 1 "$REMOTE/current" 2>/dev/null)" ]; then
      echo "backup: backup and volume are both empty and PACKAGE_SITE_ALLOW_EMPTY=1: starting an empty registry"
      exit 0
    else
      do_restore "$2"
    fi
    do_repair "$2"
    ;;
  repair)
    [ $# -eq 2 ] || { echo "usage: backup.sh repair DIR" >&2; exit 2; }
    do_repair "$2"
    ;;
  *)
    echo "usage: backup.sh sync | loop | restore DIR [--force] | restore-if-empty DIR | repair DIR" >&2
    exit 2
    ;;
esac
