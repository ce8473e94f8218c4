# www.elm-lang.org: a tiny service that redirects every request to https://elm-lang.org.
# Deployed by actions/nomad-deploy with
# `image` (ghcr.io/elm/www@sha256:…) and `version` (the git tag or SHA).

variable "image" {
  type        = string
  description = "Full image reference, pinned by digest (ghcr.io/elm/www@sha256:…)."
  default     = "ghcr.io/elm/www:main"
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

job "www" {
  type        = "service"
  datacenters = ["*"]

  # The catalog (actions/shared/catalog) reads the image repository and public URL from here.
  meta {
    image       = "ghcr.io/elm/www"
    url         = "https://www.elm-lang.org"
    version     = var.version
    commit      = var.commit
    deployed_by = var.deployed_by
  }

  group "www" {
    count = 2

    # Consul deregisters the service first; Traefik stops routing before the task is killed.
    shutdown_delay = "5s"

    # Soft spread, not distinct_hosts: on a two-node cluster the canary must still find a node.
    spread {
      attribute = "${node.unique.id}"
      weight    = 100
    }

    update {
      max_parallel      = 1
      canary            = 1
      auto_promote      = false
      auto_revert       = true
      health_check      = "checks"
      min_healthy_time  = "10s"
      healthy_deadline  = "3m"
      progress_deadline = "10m"
    }

    network {
      port "http" {
        to = 8080
      }
    }

    service {
      name         = "www"
      port         = "http"
      provider     = "consul"
      tags = [
        "traefik.enable=true",
        "traefik.http.routers.www.rule=Host(`www.elm-lang.org`)",
        "traefik.http.routers.www.entrypoints=web",
      ]
      # Canaries get their own Traefik service and a router that only matches a header, so they
      # never receive production traffic before promotion.
      canary_tags = [
        "traefik.enable=true",
        "traefik.consulcatalog.canary=true",
        "traefik.http.routers.www-canary.rule=Host(`www.elm-lang.org`) && Header(`X-Elm-Canary`, `1`)",
        "traefik.http.routers.www-canary.entrypoints=web",
      ]

      check {
        name     = "healthz"
        type     = "http"
        path     = "/healthz"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "server" {
      driver = "docker"

      config {
        image = var.image
        ports = ["http"]
      }

      env {
        PORT    = "8080"
        VERSION = var.version
      }

      resources {
        cpu        = 50
        memory     = 32
        memory_max = 64
      }

      kill_timeout = "10s"
    }
  }
}
