# One cloud firewall for every node. A DigitalOcean cloud firewall filters VPC traffic too, so
# every port the cluster uses between nodes is opened here explicitly (provider docs:
# docs/resources/firewall.md, inbound_rule source_addresses / source_tags /
# source_load_balancer_uids; digitalocean/firewall/resource_firewall.go). What is open:
#
# - the web port and the health-check port: only from the load balancer;
# - Nomad's dynamic port range: only from the nodes (tag), so Traefik on one node reaches an
#   allocation on another;
# - Nomad and Consul cluster ports: only from inside the VPC;
# - SSH and Nomad's HTTPS API: from ssh_source_cidrs and admin_cidrs, the pipeline's way in. SSH
#   takes keys only, and Nomad's API requires a client certificate from our CA (mutual TLS,
#   verify_https_client) and an ACL token: neither answers an unauthenticated client.
#
# Nothing listens on 443 on the nodes (the load balancer terminates TLS), so 443 is not open.

locals {
  # The pipeline's and the admins' sources, each network once.
  operator_sources = distinct(concat(var.ssh_source_cidrs, var.admin_cidrs))
}

resource "digitalocean_firewall" "node" {
  name = "${local.name_prefix}-node"
  tags = [digitalocean_tag.node.id]

  # Traefik's "web" entrypoint: the port the load balancer forwards to, from the load balancer only.
  inbound_rule {
    protocol                  = "tcp"
    port_range                = tostring(local.traefik_http_port)
    source_load_balancer_uids = [digitalocean_loadbalancer.public.id]
  }

  # The load balancer's health check reaches Traefik's ping entrypoint.
  inbound_rule {
    protocol                  = "tcp"
    port_range                = tostring(local.traefik_ping_port)
    source_load_balancer_uids = [digitalocean_loadbalancer.public.id]
  }

  # Allocations' dynamic ports (Nomad client min_dynamic_port..max_dynamic_port), node to node.
  inbound_rule {
    protocol    = "tcp"
    port_range  = "${var.nomad_min_dynamic_port}-${var.nomad_max_dynamic_port}"
    source_tags = [digitalocean_tag.node.id]
  }

  inbound_rule {
    protocol         = "tcp"
    port_range       = "22"
    source_addresses = local.operator_sources
  }

  # Nomad's HTTP API, served over mutual TLS only (Ansible's Nomad role).
  inbound_rule {
    protocol         = "tcp"
    port_range       = "4646"
    source_addresses = local.operator_sources
  }

  # Nomad (HTTP 4646, RPC 4647, Serf 4648) and Consul (RPC 8300, Serf 8301-8302, HTTP 8500,
  # DNS 8600): only from inside the VPC.
  inbound_rule {
    protocol         = "tcp"
    port_range       = "4646-4648"
    source_addresses = [digitalocean_vpc.main.ip_range]
  }

  inbound_rule {
    protocol         = "tcp"
    port_range       = "8300-8302"
    source_addresses = [digitalocean_vpc.main.ip_range]
  }

  inbound_rule {
    protocol         = "tcp"
    port_range       = "8500"
    source_addresses = [digitalocean_vpc.main.ip_range]
  }

  inbound_rule {
    protocol         = "tcp"
    port_range       = "8600"
    source_addresses = [digitalocean_vpc.main.ip_range]
  }

  inbound_rule {
    protocol         = "udp"
    port_range       = "4648"
    source_addresses = [digitalocean_vpc.main.ip_range]
  }

  inbound_rule {
    protocol         = "udp"
    port_range       = "8301-8302"
    source_addresses = [digitalocean_vpc.main.ip_range]
  }

  inbound_rule {
    protocol         = "udp"
    port_range       = "8600"
    source_addresses = [digitalocean_vpc.main.ip_range]
  }

  inbound_rule {
    protocol         = "icmp"
    source_addresses = [digitalocean_vpc.main.ip_range]
  }

  outbound_rule {
    protocol              = "tcp"
    port_range            = "1-65535"
    destination_addresses = ["0.0.0.0/0", "::/0"]
  }

  outbound_rule {
    protocol              = "udp"
    port_range            = "1-65535"
    destination_addresses = ["0.0.0.0/0", "::/0"]
  }

  outbound_rule {
    protocol              = "icmp"
    destination_addresses = ["0.0.0.0/0", "::/0"]
  }
}
