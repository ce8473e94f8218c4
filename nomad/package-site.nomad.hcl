# package.elm-lang.org: the package site. Deployed by actions/nomad-deploy with
# `image` (ghcr.io/elm/package-site@sha256:…) and `version` (the git tag or SHA).
#
# The package site is stateful: every publish (/register, Package/Register.hs) writes files into
# its working directory. So it runs as ONE writer on a DigitalOcean block-storage volume through
# the DigitalOcean CSI plugin (nomad/csi-digitalocean-*.nomad.hcl): a lost VM means reschedule +
# reattach, not data loss. A sidecar copies the data to a Spaces bucket every minute; a prestart
# task restores an empty volume from it. README, "The package site's data", is the runbook.

variable "image" {
  type        = string
  description = "Full image reference, pinned by digest (ghcr.io/elm/package-site@sha256:…)."
  default     = "ghcr.io/elm/package-site:main"
}

variable "version" {
  type        = string
  description = "Release being deployed (git tag or commit SHA); shown in Nomad and the logs."
  default     = "unversioned"
}

variable "commit" {
  type        = string
  description = "The commit of main this deploy ran from (github.sha): deploys land in commit order (actions/shared/nomad/deploy/order.ts)."
  default     = ""
}

variable "deployed_by" {
  type        = string
  description = "Who asked for this deploy: \"push by <actor>\", \"workflow_dispatch by <actor>\" or \"/deploy by <commenter>\"."
  default     = ""
}

job "package-site" {
  type        = "service"
  datacenters = ["*"]

  # The catalog (actions/shared/catalog) reads the image repository and public URL from here.
  meta {
    image       = "ghcr.io/elm/package-site"
    url         = "https://package.elm-lang.org"
    version     = var.version
    commit      = var.commit
    deployed_by = var.deployed_by
  }

  group "package-site" {
    # One writer: the volume is single-node-writer, and two servers would each keep their own
    # in-memory registry (Memory.hs) and answer differently after a publish.
    count = 1

    # Consul deregisters the service first; Traefik stops routing before the task is killed.
    shutdown_delay = "5s"

    # Created once with `nomad volume create nomad/volumes/package-site-data.volume.hcl`.
    # single-node-writer: one node mounts it read-write (Nomad job spec, `volume` block,
    # access_mode); the backup sidecar shares this allocation's claim instead of making a second.
    volume "data" {
      type            = "csi"
      source          = "package-site-data"
      access_mode     = "single-node-writer"
      attachment_mode = "file-system"
    }

    # Health-gated rolling update without a canary: a canary would need the volume a second time
    # while the old allocation holds it, and stays pending until the deadline
    # (hashicorp/nomad#13380). With canary = 0 and count = 1, Nomad stops the old allocation,
    # the volume is released and attached to the new one, and the deployment succeeds only when
    # the new one has passed its checks for min_healthy_time; otherwise auto_revert redeploys the
    # last stable version. nomad-deploy has nothing to promote (core/deploy-decision.ts promotes
    # only groups with desired canaries) and waits for the terminal status. The site is down for
    # the swap (stop, detach, attach, start: about a minute).
    update {
      max_parallel      = 1
      canary            = 0
      auto_promote      = false
      auto_revert       = true
      health_check      = "checks"
      min_healthy_time  = "10s"
      healthy_deadline  = "5m"
      progress_deadline = "10m"
    }

    # Replace a failed allocation quickly and forever (the defaults back off to an hour).
    reschedule {
      delay          = "15s"
      delay_function = "constant"
      unlimited      = true
    }

    network {
      port "http" {
        to = 8080
      }
    }

    service {
      name     = "package-site"
      port     = "http"
      provider = "consul"
      tags = [
        "traefik.enable=true",
        "traefik.http.routers.package-site.rule=Host(`package.elm-lang.org`)",
        "traefik.http.routers.package-site.entrypoints=web",
      ]

      check {
        name     = "healthz"
        type     = "http"
        path     = "/healthz"
        interval = "10s"
        timeout  = "2s"
      }
    }

    # Before the server: an empty volume (new, or replaced after a loss) is filled from the
    # backup; a volume that holds a registry is left alone. Runs as root only to hand the
    # volume's root (a fresh ext4 belongs to root) to the server's user.
    task "restore" {
      driver = "docker"
      user   = "root"

      lifecycle {
        hook    = "prestart"
        sidecar = false
      }

      config {
        image   = var.image
        command = "sh"
        args    = ["-c", "package-site-backup restore-if-empty /srv/package && chown -R 10001:10001 /srv/package"]
      }

      volume_mount {
        volume      = "data"
        destination = "/srv/package"
      }

      template {
        destination = "secrets/backup.env"
        env         = true
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs/package-site" -}}
          RCLONE_CONFIG_BACKUP_TYPE=s3
          RCLONE_CONFIG_BACKUP_PROVIDER=DigitalOcean
          RCLONE_CONFIG_BACKUP_ENDPOINT={{ .backup_endpoint }}
          RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID={{ .backup_access_key_id }}
          RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY={{ .backup_secret_access_key }}
          BACKUP_BUCKET={{ .backup_bucket }}
          {{- end }}
        EOT
      }

      # memory: at least 1.5× (the headroom, bench/package-site.ts MEMORY_HEADROOM) the largest
      # resident set measured by `npm run bench -- --area package-site`: rclone restoring 62,007
      # files without --fast-list peaked at 96 MiB (1.5× = 144; a full listing in memory was
      # OOM-killed at 128, issue 26). The engine tests and the bench run backup.sh inside a cgroup
      # of exactly this value. It only runs before the server starts.
      resources {
        cpu    = 200
        memory = 160
      }
    }

    task "server" {
      driver = "docker"

      config {
        image = var.image
        ports = ["http"]
      }

      volume_mount {
        volume      = "data"
        destination = "/srv/package"
      }

      # GitHub.init (src/backend/GitHub.hs) refuses to start without a working OAuth token, and
      # /register checks tags through GitHub's API. The token is the Nomad Variable
      # nomad/jobs/package-site (key github_token), readable by this job's tasks by default
      # (Nomad docs, "Variables": task access to nomad/jobs/<job_id>); start.sh passes it to
      # `--github`. It never appears in the job spec.
      template {
        destination = "secrets/github-token"
        change_mode = "restart"
        perms       = "0400"
        uid         = 10001
        gid         = 10001
        data        = "{{ with nomadVar \"nomad/jobs/package-site\" }}{{ .github_token }}{{ end }}"
      }

      # The backup's address, for start.sh: a releases.json the server would refuse at start
      # (cut by a lost write) is restored from it (package-site-backup repair).
      template {
        destination = "secrets/backup.env"
        env         = true
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs/package-site" -}}
          RCLONE_CONFIG_BACKUP_TYPE=s3
          RCLONE_CONFIG_BACKUP_PROVIDER=DigitalOcean
          RCLONE_CONFIG_BACKUP_ENDPOINT={{ .backup_endpoint }}
          RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID={{ .backup_access_key_id }}
          RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY={{ .backup_secret_access_key }}
          BACKUP_BUCKET={{ .backup_bucket }}
          {{- end }}
        EOT
      }

      env {
        PORT              = "8080"
        VERSION           = var.version
        DATA_DIR          = "/srv/package"
        GITHUB_TOKEN_FILE = "/secrets/github-token"
      }

      resources {
        cpu        = 300
        memory     = 256
        memory_max = 512
      }

      kill_timeout = "10s"
    }

    # Every minute: the data directory → the Spaces bucket (backup.sh loop), pinging a
    # dead-man's-switch monitor on success and `<url>/fail` on failure, so a failing or dead
    # backup alerts. It lives in this allocation because a single-node-writer volume cannot be
    # claimed by a second job, and so it moves with the volume when the allocation is rescheduled.
    task "backup" {
      driver = "docker"

      lifecycle {
        hook    = "poststart"
        sidecar = true
      }

      config {
        image   = var.image
        command = "package-site-backup"
        args    = ["loop"]
      }

      volume_mount {
        volume      = "data"
        destination = "/srv/package"
        read_only   = true
      }

      template {
        destination = "secrets/backup.env"
        env         = true
        change_mode = "restart"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs/package-site" -}}
          RCLONE_CONFIG_BACKUP_TYPE=s3
          RCLONE_CONFIG_BACKUP_PROVIDER=DigitalOcean
          RCLONE_CONFIG_BACKUP_ENDPOINT={{ .backup_endpoint }}
          RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID={{ .backup_access_key_id }}
          RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY={{ .backup_secret_access_key }}
          BACKUP_BUCKET={{ .backup_bucket }}
          BACKUP_PING_URL={{ .backup_ping_url }}
          {{- end }}
        EOT
      }

      env {
        DATA_DIR        = "/srv/package"
        BACKUP_INTERVAL = "60"
      }

      # memory: at least 1.5× (the headroom, bench/package-site.ts MEMORY_HEADROOM) the largest
      # resident set `npm run bench -- --area package-site` measures for a sync of 62,007 files
      # (the first one and the every-minute one), run inside a cgroup of exactly this value.
      resources {
        cpu    = 100
        memory = 128
      }
    }
  }
}
