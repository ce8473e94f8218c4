# The VMs of elm-lang.org: three droplets in a VPC, each running a Nomad server+client and a
# Consul server+client, so the cluster keeps quorum when one node is lost. Ansible's inventory
# (ansible/inventory/terraform.py) reads the `nodes` output; the tags group the droplets for the
# firewall, the load balancer and anyone browsing the DigitalOcean console.

locals {
  name_prefix = "elm"
  hostnames   = concat([var.domain], [for s in var.subdomains : "${s}.${var.domain}"])
}

resource "digitalocean_vpc" "main" {
  name        = "${local.name_prefix}-vpc"
  region      = var.region
  ip_range    = var.vpc_ip_range
  description = "Private network of the elm-lang.org Nomad/Consul cluster"

  # cluster-guard.tf refuses a region or range change unless replace_cluster says so.
  depends_on = [terraform_data.cluster_guard]
}

# Tags Ansible's DigitalOcean inventory groups by.
resource "digitalocean_tag" "node" {
  name = "elm-infra-node"
}

resource "digitalocean_tag" "nomad_server" {
  name = "nomad-server"
}

resource "digitalocean_tag" "consul_server" {
  name = "consul-server"
}

# One generation per node: bumping var.node_generations["2"] replaces elm-node-2 and nothing else
# (replace_triggered_by), so nodes are replaced one reviewed plan at a time.
resource "terraform_data" "node_generation" {
  count = var.node_count
  input = lookup(var.node_generations, tostring(count.index + 1), 0)
}

resource "digitalocean_droplet" "node" {
  count = var.node_count

  name     = format("%s-node-%d", local.name_prefix, count.index + 1)
  region   = var.region
  size     = var.droplet_size
  image    = var.droplet_image
  vpc_uuid = digitalocean_vpc.main.id
  ssh_keys = var.ssh_key_fingerprints
  # The host key the pipeline trusts (host-keys.tf), written by cloud-init on first boot.
  user_data = templatefile("${path.module}/cloud-init.yaml.tftpl", {
    host_private_key = tls_private_key.host[count.index].private_key_openssh
    host_public_key  = tls_private_key.host[count.index].public_key_openssh
  })
  monitoring = true
  ipv6       = true
  tags = [
    digitalocean_tag.node.id,
    digitalocean_tag.nomad_server.id,
    digitalocean_tag.consul_server.id,
  ]

  # Ansible owns everything inside the VM: a new image slug must not silently rebuild the
  # cluster, keys after first boot are Ansible's, and user_data is read on first boot only. All
  # three force replacement in the provider (digitalocean/droplet/resource_droplet.go, v2.51.0:
  # image, ssh_keys, user_data ForceNew), so they are ignored; a replacement (node_generations)
  # still creates the new droplet from the current values.
  # size too: a size change is an in-place update that powers the droplet off, resizes it (with
  # resize_disk, default true: irreversible) and powers it on (resourceDigitalOceanDropletUpdate,
  # d.HasChange("size")), and Terraform updates the three droplets in parallel: quorum and every
  # site gone at once. A new droplet_size is used by new and replaced droplets only; roll it out
  # with node_generations, one node per reviewed apply (README, "Resize the nodes").
  lifecycle {
    ignore_changes       = [image, ssh_keys, user_data, size]
    replace_triggered_by = [terraform_data.node_generation[count.index]]
  }

  depends_on = [terraform_data.cluster_guard]
}

resource "digitalocean_project" "main" {
  name        = "elm-lang.org"
  description = "elm-lang.org: the website, package site and the cluster that serves them"
  purpose     = "Web Application"
  environment = var.environment
  resources = concat(
    digitalocean_droplet.node[*].urn,
    [digitalocean_loadbalancer.public.urn, digitalocean_domain.main.urn],
  )
}
