output "nodes" {
  description = "Every node for Ansible's inventory: name, public IPv4, private (VPC) IPv4, and its SSH host public key (host-keys.tf), from which the pipeline writes known_hosts."
  value = [
    for i, d in digitalocean_droplet.node : {
      name         = d.name
      public_ip    = d.ipv4_address
      private_ip   = d.ipv4_address_private
      ssh_host_key = trimspace(tls_private_key.host[i].public_key_openssh)
    }
  ]
}

output "node_names" {
  description = "Droplet names, in creation order."
  value       = digitalocean_droplet.node[*].name
}

output "node_public_ips" {
  description = "Public IPv4 addresses (SSH and Nomad's mutual-TLS API from ssh_source_cidrs and admin_cidrs)."
  value       = digitalocean_droplet.node[*].ipv4_address
}

output "node_private_ips" {
  description = "VPC IPv4 addresses: what Nomad and Consul bind to and join with."
  value       = digitalocean_droplet.node[*].ipv4_address_private
}

output "vpc_ip_range" {
  description = "The VPC range, Traefik's trusted proxies and the cluster's only allowed peers."
  value       = digitalocean_vpc.main.ip_range
}

output "load_balancer_ip" {
  description = "The public IPv4 of the load balancer that every hostname points at."
  value       = digitalocean_loadbalancer.public.ip
}

output "hostnames" {
  description = "Hostnames served through the load balancer and covered by its certificate."
  value       = local.hostnames
}

output "nomad_address" {
  description = "Nomad's API for the pipeline (NOMAD_ADDR): mutual TLS, every node behind one name."
  value       = "https://nomad.${var.domain}:4646"
}

output "nomad_min_dynamic_port" {
  description = "Nomad client min_dynamic_port, opened node to node: pass it to Ansible (same variable name in the Nomad role)."
  value       = var.nomad_min_dynamic_port
}

output "nomad_max_dynamic_port" {
  description = "Nomad client max_dynamic_port, opened node to node: pass it to Ansible (same variable name in the Nomad role)."
  value       = var.nomad_max_dynamic_port
}

output "package_backup_endpoint" {
  description = "backup_endpoint for nomad/jobs/package-site: the Spaces endpoint of the backup bucket."
  value       = "https://${digitalocean_spaces_bucket.package_backup.region}.digitaloceanspaces.com"
}

output "package_backup_access_key_id" {
  description = "backup_access_key_id for nomad/jobs/package-site (readwrite on the backup bucket only)."
  value       = digitalocean_spaces_key.package_backup.access_key
  sensitive   = true
}

output "package_backup_secret_access_key" {
  description = "backup_secret_access_key for nomad/jobs/package-site."
  value       = digitalocean_spaces_key.package_backup.secret_key
  sensitive   = true
}
