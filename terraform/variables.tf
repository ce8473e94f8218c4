variable "region" {
  type        = string
  description = "DigitalOcean region for every resource (droplets, VPC, load balancer). Changing it replaces every droplet: see replace_cluster."
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
  description = "Droplet size slug for new and replaced nodes. Changing it resizes no running droplet (ignore_changes in main.tf: the provider's in-place resize powers every droplet off in one apply): replace the nodes one at a time with node_generations to move them to the new size (README, \"Resize the nodes\")."
  default     = "s-2vcpu-4gb"
}

variable "droplet_image" {
  type        = string
  description = "Droplet image slug; Ansible expects Debian."
  default     = "debian-12-x64"
}

variable "ssh_key_fingerprints" {
  type        = list(string)
  description = "Fingerprints of SSH keys already uploaded to the DigitalOcean account, installed for root when a droplet is created. Later changes do not touch existing droplets (ignore_changes): keys after first boot are Ansible's."

  validation {
    condition     = length(var.ssh_key_fingerprints) > 0
    error_message = "At least one SSH key fingerprint is needed, or nobody can reach the nodes."
  }
}

variable "admin_cidrs" {
  type        = list(string)
  description = "The admins' networks (e.g. an office or a VPN exit), allowed to SSH and to Nomad's mutual-TLS API in addition to ssh_source_cidrs. Not 0.0.0.0/0: that belongs in ssh_source_cidrs."

  validation {
    condition     = length(var.admin_cidrs) > 0
    error_message = "admin_cidrs is empty: a firewall rule needs at least one source. Give your admins' networks, e.g. [\"203.0.113.7/32\"]."
  }

  validation {
    condition     = alltrue([for c in var.admin_cidrs : can(cidrhost(c, 0))])
    error_message = "admin_cidrs holds something that is not a CIDR block: expected IPv4 or IPv6 networks such as \"203.0.113.7/32\" or \"2001:db8::/48\"."
  }

  validation {
    condition     = alltrue([for c in var.admin_cidrs : try(tonumber(split("/", c)[1]) > 0, true)])
    error_message = "admin_cidrs contains 0.0.0.0/0 or ::/0 (anywhere): only ssh_source_cidrs may be open to anywhere. List your admins' networks, e.g. [\"203.0.113.7/32\"]."
  }
}

variable "ssh_source_cidrs" {
  type        = list(string)
  description = "Where the pipeline connects from (SSH for Ansible, Nomad's mutual-TLS API for deploys). GitHub-hosted runners have no fixed addresses, hence anywhere by default; SSH is key-only and Nomad's API needs a client certificate. Narrow it to your runner's address when you run a self-hosted runner."
  default     = ["0.0.0.0/0", "::/0"]

  validation {
    condition     = length(var.ssh_source_cidrs) > 0
    error_message = "ssh_source_cidrs is empty: the pipeline could not reach the nodes. Use [\"0.0.0.0/0\", \"::/0\"] for GitHub-hosted runners, or your runner's network."
  }

  validation {
    condition     = alltrue([for c in var.ssh_source_cidrs : can(cidrhost(c, 0))])
    error_message = "ssh_source_cidrs holds something that is not a CIDR block: expected networks such as \"198.51.100.4/32\", \"0.0.0.0/0\" or \"::/0\"."
  }
}

variable "vpc_ip_range" {
  type        = string
  description = "Private IP range of the VPC (RFC 1918, /16 to /24); Nomad and Consul ports are open only to it. Changing it replaces every droplet: see replace_cluster."
  default     = "10.20.0.0/24"

  validation {
    condition = try(
      tonumber(split("/", var.vpc_ip_range)[1]) >= 16 &&
      tonumber(split("/", var.vpc_ip_range)[1]) <= 24 &&
      cidrhost(var.vpc_ip_range, 0) == split("/", var.vpc_ip_range)[0] &&
      anytrue([
        for private in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] :
        cidrhost("${cidrhost(var.vpc_ip_range, 0)}/${split("/", private)[1]}", 0) == cidrhost(private, 0)
      ]),
      false
    )
    error_message = "vpc_ip_range must be a private (RFC 1918) network from /16 to /24, written as its network address: inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. \"10.20.0.0/24\"."
  }
}

variable "node_generations" {
  type        = map(number)
  description = "Replace one node at a time: bump a node's number here (keys are node numbers, \"1\" for elm-node-1; absent means 0) and the plan replaces exactly that droplet. Drain it first (README)."
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.node_generations : can(regex("^[1-9][0-9]*$", k)) && v >= 0])
    error_message = "node_generations keys are node numbers such as \"2\" (for elm-node-2) and values are generations of 0 or more."
  }
}

variable "replace_cluster" {
  type        = bool
  description = "Set to true, for one reviewed apply, to allow a region or vpc_ip_range change: it replaces every droplet at once (the whole cluster, quorum and both replicas of every site). Replace nodes one at a time instead whenever you can (README)."
  default     = false
}

# Nomad's defaults: hashicorp/nomad nomad/structs/network.go DefaultMinDynamicPort (20000) and
# DefaultMaxDynamicPort (32000); the client's min_dynamic_port/max_dynamic_port override them.
variable "nomad_min_dynamic_port" {
  type        = number
  description = "Lowest port Nomad gives allocations (client min_dynamic_port; Nomad's default is 20000). Shared with the Ansible Nomad role (same name there) and opened node to node in the firewall."
  default     = 20000

  validation {
    condition     = var.nomad_min_dynamic_port >= 1024 && var.nomad_min_dynamic_port < var.nomad_max_dynamic_port
    error_message = "nomad_min_dynamic_port must be at least 1024 and below nomad_max_dynamic_port (Nomad's defaults are 20000 and 32000)."
  }
}

variable "nomad_max_dynamic_port" {
  type        = number
  description = "Highest port Nomad gives allocations (client max_dynamic_port; Nomad's default is 32000). Shared with the Ansible Nomad role."
  default     = 32000

  validation {
    condition     = var.nomad_max_dynamic_port <= 65535
    error_message = "nomad_max_dynamic_port must be at most 65535 (Nomad's default is 32000)."
  }
}

# The records themselves live in the tracked dns-records.auto.tfvars, which every plan and apply
# (laptop, PR, deploy, drift) loads: an untracked file would make CI plan [] and destroy them.
variable "extra_dns_records" {
  type = list(object({
    type     = string
    name     = string
    value    = string
    ttl      = optional(number, 3600)
    priority = optional(number)
    weight   = optional(number)
    port     = optional(number)
    flags    = optional(number)
    tag      = optional(string)
  }))
  description = "Records the domain already has elsewhere (MX, TXT for mail and site verification, CAA, other hosts) that must exist in DigitalOcean DNS before its nameservers are switched; kept in dns-records.auto.tfvars. name is relative to the domain (\"@\" for the apex)."
  default     = []

  validation {
    condition     = alltrue([for r in var.extra_dns_records : contains(["A", "AAAA", "CAA", "CNAME", "MX", "NS", "SRV", "TXT"], r.type)])
    error_message = "extra_dns_records: every type must be one of A, AAAA, CAA, CNAME, MX, NS, SRV, TXT."
  }

  validation {
    condition     = alltrue([for r in var.extra_dns_records : r.type != "MX" || r.priority != null])
    error_message = "extra_dns_records: an MX record needs a priority (e.g. priority = 10)."
  }

  # The provider refuses these only at plan time of the record (digitalocean/domain/
  # resource_record.go, v2.51.0: CustomizeDiff wants priority and weight for SRV, flags and tag for
  # CAA; resourceDigitalOceanRecordCreate wants port for SRV, at apply time), so say it here, with
  # the accepted values of the schema (flags 0-255; tag issue, issuewild or iodef).
  validation {
    condition     = alltrue([for r in var.extra_dns_records : r.type != "SRV" || (r.priority != null && r.weight != null && r.port != null)])
    error_message = "extra_dns_records: an SRV record needs priority, weight and port (e.g. priority = 10, weight = 5, port = 5060), and value the target host."
  }

  validation {
    condition     = alltrue([for r in var.extra_dns_records : r.type != "CAA" || (r.flags != null && contains(["issue", "issuewild", "iodef"], coalesce(r.tag, "-")))])
    error_message = "extra_dns_records: a CAA record needs flags (0-255, usually 0) and tag (issue, issuewild or iodef), e.g. { type = \"CAA\", name = \"@\", value = \"letsencrypt.org.\", flags = 0, tag = \"issue\" }."
  }

  validation {
    condition = alltrue([for r in var.extra_dns_records : alltrue([
      for n in [r.priority, r.weight, r.port] : n == null ? true : (n >= 0 && n <= 65535)
    ]) && (r.flags == null ? true : (r.flags >= 0 && r.flags <= 255))])
    error_message = "extra_dns_records: priority, weight and port are 0-65535, flags 0-255 (the provider's schema)."
  }

  validation {
    condition     = length(distinct([for r in var.extra_dns_records : "${r.type} ${r.name} ${r.value}"])) == length(var.extra_dns_records)
    error_message = "extra_dns_records lists the same record (type, name, value) twice."
  }
}

variable "domain" {
  type        = string
  description = "The apex domain, managed in DigitalOcean DNS."
  default     = "elm-lang.org"
}

# No default: the value is services.auto.tfvars.json, generated from the job files (every service's
# meta.url host under var.domain) by `npx elm-infra services --write` (and new-service,
# remove-service); actions/shared/catalog/generated.test.ts fails when it differs from them.
variable "subdomains" {
  type        = list(string)
  description = "Names under the domain that point at the load balancer and share its certificate: the services' hosts, from terraform/services.auto.tfvars.json (generated; do not edit by hand)."

  validation {
    condition     = alltrue([for s in var.subdomains : can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$", s))])
    error_message = "subdomains holds a name that is not a DNS name relative to the domain (lower-case labels such as \"www\" or \"guide\"): regenerate it with npx elm-infra services --write."
  }
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

variable "package_backup_bucket" {
  type        = string
  description = "The Spaces bucket of the package site's backup (package-data.tf); backup_bucket in nomad/jobs/package-site."
  default     = "elm-packages"
}

variable "package_backup_region" {
  type        = string
  description = "The Spaces region of the package site's backup: another region than the droplets keeps it off-site."
  default     = "ams3"
}

variable "package_backup_attic_days" {
  type        = number
  description = "Days the backup keeps attic/<time>/ copies and non-current versions (package-data.tf)."
  default     = 365

  validation {
    condition     = var.package_backup_attic_days >= 30
    error_message = "package_backup_attic_days must be at least 30 (a month of history to repair from)."
  }
}
