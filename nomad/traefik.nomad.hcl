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

  # Nomad 2.0.5 (the pinned version) gives a system job a deployment, as it does a service job
  # (since 1.11: scheduler/reconciler/reconcile_node.go `createDeployment`,
  # scheduler/scheduler_system.go). The client tracks each allocation's health from its Consul
  # check (client/allocrunner/health_hook.go: service *and* system jobs), the scheduler keeps at
  # most `max_parallel` replacements whose health is not yet known in flight (`evictAndPlace`), and
  # the deployment watcher places the next one when a node turns healthy. nomad-deploy watches this
  # deployment like any other. `stagger` is read by nothing any more (no `NextRollingEval` in the
  # system scheduler) and is left out.
  #   max_parallel = 1      one node at a time: the other two keep routing every site.
  #   canary = 0            a canary would need a second port 80 on a node whose Traefik holds it.
  #   health_check          "checks": healthy = the Consul ping check passing for min_healthy_time.
  #   auto_revert = true    a system group has no reschedule policy, so its first unhealthy
  #                         allocation fails the deployment at once (nomad/deploymentwatcher/
  #                         deployment_watcher.go `shouldFailEarly`: `RescheduleEligible(nil)` is
  #                         false). Nomad then registers the last stable version again, which
  #                         replaces only the node that changed. Without it that node keeps the
  #                         broken router and the rollout stays half done until someone acts.
  #   healthy_deadline      Traefik answers /ping within seconds of starting; 3 minutes covers an
  #                         image pull on a fresh droplet.
  #   progress_deadline     must exceed healthy_deadline (nomad/structs/structs.go
  #                         `UpdateStrategy.Validate`); 5 minutes per node.
  # Set at the job level: Nomad copies it into the group (api/tasks.go `TaskGroup.Canonicalize`).
  update {
    max_parallel      = 1
    canary            = 0
    health_check      = "checks"
    min_healthy_time  = "10s"
    healthy_deadline  = "3m"
    progress_deadline = "5m"
    auto_revert       = true
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
