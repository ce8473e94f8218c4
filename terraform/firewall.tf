# One cloud firewall for every node: the web from anywhere, SSH from the admins, and the cluster
# ports (Nomad 4646-4648, Consul 8300-8302, 8500, 8600) only from inside the VPC.

resource "digitalocean_firewall" "node" {
  name = "${local.name_prefix}-node"
  tags = [digitalocean_tag.node.id]

  inbound_rule {
    protocol         = "tcp"
    port_range       = "80"
    source_addresses = ["0.0.0.0/0", "::/0"]
  }

  inbound_rule {
    protocol         = "tcp"
    port_range       = "443"
    source_addresses = ["0.0.0.0/0", "::/0"]
  }

  inbound_rule {
    protocol         = "tcp"
    port_range       = "22"
    source_addresses = var.admin_cidrs
  }

  # The load balancer's health check reaches Traefik's ping entrypoint.
  inbound_rule {
    protocol                  = "tcp"
    port_range                = tostring(var.traefik_ping_port)
    source_load_balancer_uids = [digitalocean_loadbalancer.public.id]
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
