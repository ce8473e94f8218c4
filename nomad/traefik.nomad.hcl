# Traefik on every node: the one HTTP entrypoint the DigitalOcean load balancer forwards to.
# TLS ends at the load balancer, so no certificate state lives on a node. Routes come from the
# Consul catalog (services opt in with traefik.enable=true); the dashboard listens on loopback only.
#   load balancer → node:80  (entrypoint "web")
#   load balancer health check → node:8082/ping  (entrypoint "ping")
#   dashboard → 127.0.0.1:8081 on the node (ssh tunnel), never public

variable "image" {
  type        = string
  description = "Traefik image reference, pinned by digest where known."
  default     = "traefik:v3.3.5"
}

variable "version" {
  type        = string
  description = "Release of this job (git commit SHA); shown in Nomad and the logs."
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

# The load balancer reaches the nodes from inside the VPC, so its X-Forwarded-For/-Proto are trusted
# from the VPC's range only: terraform/variables.tf `vpc_ip_range` (same default; a test holds them
# equal). Anything else that sends these headers is not believed (Traefik's
# entryPoints.<name>.forwardedHeaders.trustedIPs, doc.traefik.io/traefik/routing/entrypoints/).
variable "trusted_proxies" {
  type        = string
  description = "CIDR of the load balancer's VPC (terraform's vpc_ip_range), whose X-Forwarded-* headers Traefik trusts."
  default     = "10.20.0.0/24"
}

job "traefik" {
  type        = "system"
  datacenters = ["*"]

  meta {
    version     = var.version
    commit      = var.commit
    deployed_by = var.deployed_by
  }

  # A system job gets no deployment before Nomad 1.11: no health gate, no canary, no auto_revert.
  # Its scheduler reads only this job-level block: it replaces `max_parallel` allocations per eval
  # and the next ones `stagger` later, whatever their health (scheduler/scheduler_system.go).
  # A group-level update would be ignored (and without this block every node is replaced at once).
  # nomad-deploy's system gate watches each node's new allocation run with its Consul check passing
  # for `min_healthy_time` and stops at the first failure; the stagger gives it that time.
  update {
    max_parallel     = 1
    stagger          = "1m"
    min_healthy_time = "10s"
  }

  group "traefik" {

    network {
      mode = "host"

      port "http" {
        static = 80
      }

      port "ping" {
        static = 8082
      }
    }

    service {
      name     = "traefik"
      port     = "ping"
      provider = "consul"
      tags     = ["traefik.enable=false"]

      check {
        name     = "ping"
        type     = "http"
        path     = "/ping"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "traefik" {
      driver = "docker"

      config {
        image        = var.image
        network_mode = "host"
        args = [
          "--entrypoints.web.address=:80",
          "--entrypoints.web.forwardedHeaders.trustedIPs=${var.trusted_proxies}",
          "--entrypoints.ping.address=:8082",
          "--entrypoints.traefik.address=127.0.0.1:8081",
          "--ping=true",
          "--ping.entryPoint=ping",
          "--api.dashboard=true",
          "--api.insecure=true",
          "--providers.consulcatalog=true",
          "--providers.consulcatalog.exposedByDefault=false",
          "--providers.consulcatalog.prefix=traefik",
          "--providers.consulcatalog.endpoint.address=127.0.0.1:8500",
          # Follow Consul's blocking queries instead of polling every 15 s (the default): a
          # deregistered instance leaves the route within ~2 s, before its shutdown_delay (5 s)
          # ends, so a drain loses no request (`elm-infra rehearse --drain node-2` checks this).
          "--providers.consulcatalog.watch=true",
          # Runtime interpolation from the template below: HCL2 leaves unknown variables intact
          # (nomad jobspec2/parse_test.go TestParse_UnknownVariables).
          "--providers.consulcatalog.endpoint.token=${CONSUL_HTTP_TOKEN}",
          "--accesslog=true",
          "--log.level=INFO",
        ]
      }

      # Consul's ACLs deny by default: Traefik reads the catalog with its own token (service:read,
      # node:read), which the ansible ACL play stores in this job's Nomad Variable.
      template {
        data        = "CONSUL_HTTP_TOKEN={{ with nomadVar \"nomad/jobs/traefik\" }}{{ .consul_token }}{{ end }}"
        destination = "secrets/consul.env"
        env         = true
      }

      resources {
        cpu        = 100
        memory     = 96
        memory_max = 192
      }
    }
  }
}
