# The package site's off-site backup: the Spaces bucket docker/package-site/backup.sh syncs to
# (current/, attic/<UTC time>/, manifest), and the key its sidecar uses.
#
# Read against digitalocean/terraform-provider-digitalocean v2.50.0 (the first release with
# `digitalocean_spaces_key`, hence the pin in versions.tf): docs/resources/spaces_bucket.md
# (`versioning`, `lifecycle_rule` with `prefix`, `expiration`, `noncurrent_version_expiration`)
# and docs/resources/spaces_key.md (`grant { bucket, permission = read | readwrite | fullaccess }`).
# The provider manages Spaces with Spaces keys of its own: SPACES_ACCESS_KEY_ID and
# SPACES_SECRET_ACCESS_KEY in the environment of every terraform run (spaces_bucket.md), a key
# with fullaccess, kept in the same environments as DIGITALOCEAN_TOKEN.
#
# The volume (package-site-data) is NOT here: the DigitalOcean CSI plugin creates and owns it
# (`nomad volume create nomad/volumes/package-site-data.volume.hcl`), and Nomad's claim on it is
# tied to that creation; a `digitalocean_volume` here would be a second owner of the same disk
# (Terraform would plan to replace what the CSI controller resized or re-attached).

resource "digitalocean_spaces_bucket" "package_backup" {
  name   = var.package_backup_bucket
  region = var.package_backup_region
  acl    = "private"

  # Every overwrite and delete keeps the previous object as a non-current version, whatever key
  # made it: with the sidecar's key limited to readwrite, a sync can add delete markers but the
  # versions under them stay until the rules below expire them. Once enabled, versioning can
  # only be suspended, never turned off (spaces_bucket.md, `versioning`).
  versioning {
    enabled = true
  }

  # attic/<UTC time>/ receives every file a sync overwrote or deleted (rclone --backup-dir):
  # about one all-packages.json, search.json.gz and releases.json per publish. Kept for
  # var.package_backup_attic_days, then expired (and their versions a month later).
  lifecycle_rule {
    id      = "attic"
    prefix  = "attic/"
    enabled = true

    expiration {
      days = var.package_backup_attic_days
    }

    noncurrent_version_expiration {
      days = 30
    }
  }

  # current/ and manifest: non-current versions (what a bad sync overwrote or deleted) are kept
  # as long as the attic.
  lifecycle_rule {
    id      = "current"
    prefix  = "current/"
    enabled = true

    noncurrent_version_expiration {
      days = var.package_backup_attic_days
    }
  }

  lifecycle {
    prevent_destroy = true
  }
}

# The sidecar's key: read and write on this bucket only (no fullaccess, no other bucket). Spaces
# grants have no finer level than readwrite, so this key can still delete a specific object
# version by id; what protects history from it is versioning plus the lifecycle above, not the
# grant (README, "The package site's data"). Its secret is in the Terraform state (Spaces,
# private) and in the output below, for `nomad var put nomad/jobs/package-site`.
resource "digitalocean_spaces_key" "package_backup" {
  name = "package-site-backup"

  grant {
    bucket     = digitalocean_spaces_bucket.package_backup.name
    permission = "readwrite"
  }
}
