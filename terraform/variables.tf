variable "region" {
  type        = string
  description = "DigitalOcean region for every resource (droplets, VPC, load balancer)."
  default     = "ams3"
}

variable "node_count" {
  type        = number
  description = "Number of droplets, each a Nomad server+client and a Consul server+client. Odd and at least 3, so the Raft quorum survives the loss of one node."
  default     = 3

  validation {
    condition     = var.node_count >= 3 && var.node_count % 2 == 1
    error_message = "node_count must be an odd number of at least 3 (Raft quorum)."
  }
}

variable "droplet_size" {
  type        = string
  description = "Droplet size slug for the nodes."
  default     = "s-2vcpu-4gb"
}

variable "droplet_image" {
  type        = string
  description = "Droplet image slug; Ansible expects Debian."
  default     = "debian-12-x64"
}

variable "ssh_key_fingerprints" {
  type        = list(string)
  description = "Fingerprints of SSH keys already uploaded to the DigitalOcean account, installed for root on every node."

  validation {
    condition     = length(var.ssh_key_fingerprints) > 0
    error_message = "At least one SSH key fingerprint is needed, or nobody can reach the nodes."
  }
}

variable "admin_cidrs" {
  type        = list(string)
  description = "CIDR blocks allowed to reach SSH (port 22) on the nodes."

  validation {
    condition     = alltrue([for c in var.admin_cidrs : can(cidrhost(c, 0))])
    error_message = "Every admin_cidrs entry must be a CIDR block such as 203.0.113.7/32."
  }
}

variable "vpc_ip_range" {
  type        = string
  description = "Private IP range of the VPC; Nomad and Consul ports are open only to it."
  default     = "10.20.0.0/24"
}

variable "domain" {
  type        = string
  description = "The apex domain, managed in DigitalOcean DNS."
  default     = "elm-lang.org"
}

variable "subdomains" {
  type        = list(string)
  description = "Names under the domain that point at the load balancer and share its certificate."
  default     = ["www", "package"]
}

variable "traefik_http_port" {
  type        = number
  description = "Port of Traefik's HTTP entrypoint (\"web\") on every node; the load balancer forwards here."
  default     = 80
}

variable "traefik_ping_port" {
  type        = number
  description = "Port of Traefik's ping entrypoint; the load balancer health check calls /ping here."
  default     = 8082
}

variable "environment" {
  type        = string
  description = "DigitalOcean project environment: Development, Staging or Production."
  default     = "Production"

  validation {
    condition     = contains(["Development", "Staging", "Production"], var.environment)
    error_message = "environment must be Development, Staging or Production."
  }
}
