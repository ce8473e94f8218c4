# The node half of the DigitalOcean CSI plugin, on every client: it formats and mounts an attached
# volume into the allocation that claims it. Without --token, do-csi-plugin runs in node mode only
# (cmd/do-csi-plugin/main.go `main`). Mounting needs a privileged container, which the Nomad
# client's Docker plugin allows (`allow_privileged = true`, ansible/roles/nomad/templates/nomad.hcl.j2).

variable "image" {
  type        = string
  description = "The do-csi-plugin image (a release tag of digitalocean/csi-digitalocean)."
  default     = "docker.io/digitalocean/do-csi-plugin:v4.16.0"
}

variable "version" {
  type        = string
  description = "Release being deployed; shown in Nomad."
  default     = "v4.16.0"
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

job "csi-digitalocean-node" {
  type        = "system"
  datacenters = ["*"]

  meta {
    version     = var.version
    commit      = var.commit
    deployed_by = var.deployed_by
  }

  group "node" {
    update {
      max_parallel     = 1
      auto_revert      = true
      health_check     = "task_states"
      min_healthy_time = "10s"
      healthy_deadline = "3m"
    }

    task "plugin" {
      driver = "docker"

      config {
        image      = var.image
        privileged = true
        args = [
          "--endpoint=unix:///csi/csi.sock",
          "--url=https://api.digitalocean.com/",
        ]
      }

      csi_plugin {
        id        = "digitalocean"
        type      = "node"
        mount_dir = "/csi"
      }

      resources {
        cpu        = 100
        memory     = 64
        memory_max = 128
      }
    }
  }
}
