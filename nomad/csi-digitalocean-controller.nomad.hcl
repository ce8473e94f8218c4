# The controller half of the DigitalOcean CSI plugin (github.com/digitalocean/csi-digitalocean):
# it creates, attaches and detaches block-storage volumes through the DigitalOcean API, which is
# what moves the package site's volume to another droplet when its VM is lost. Pattern: HashiCorp's
# demo/csi/digitalocean/plugin.nomad, split into controller and node as Nomad's CSI docs advise.
#
# cmd/do-csi-plugin/main.go `main`: with --token the plugin also serves the controller service;
# the droplet's region and ID come from the metadata service (driver/driver.go NewDriver), so it
# must run on a droplet. The token is the Nomad Variable nomad/jobs/csi-digitalocean-controller
# (key token: a DigitalOcean API token with the custom scopes the README lists under "The CSI
# controller's DigitalOcean token": account:read is needed at start, Driver.Run → checkLimit,
# droplet:read on every attach and detach), never in this file.

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

job "csi-digitalocean-controller" {
  type        = "service"
  datacenters = ["*"]

  meta {
    version     = var.version
    commit      = var.commit
    deployed_by = var.deployed_by
  }

  group "controller" {
    # Two controllers on distinct nodes: a volume can be reattached while one VM is down.
    count = 2

    constraint {
      operator = "distinct_hosts"
      value    = "true"
    }

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
        image = var.image
        args = [
          "--endpoint=unix:///csi/csi.sock",
          "--token=${DO_TOKEN}",
          "--url=https://api.digitalocean.com/",
        ]
      }

      template {
        destination = "secrets/do.env"
        env         = true
        change_mode = "restart"
        data        = "DO_TOKEN={{ with nomadVar \"nomad/jobs/csi-digitalocean-controller\" }}{{ .token }}{{ end }}"
      }

      # type = "controller": Nomad talks to it for create/attach/detach only (Nomad job spec,
      # `csi_plugin` block). id is what volumes name as plugin_id.
      csi_plugin {
        id        = "digitalocean"
        type      = "controller"
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
