# Traefik's entrypoints on every node: the static ports of nomad/traefik.nomad.hcl (`port "http"`
# 80, entrypoint "web"; `port "ping"` 8082, entrypoint "ping"), which the Ansible firewall
# (ansible/roles/base: base_firewall_tcp_ports has 80; 8082 comes from the VPC range) lets in.
# Not variables: a value set here alone would move the load balancer and the cloud firewall but not
# Traefik or nftables, and take the site down. To move them, change all three files together;
# actions/shared/terraform/terraform-module.test.ts checks that they agree.
locals {
  traefik_http_port = 80
  traefik_ping_port = 8082
}

# Public entry: a DigitalOcean load balancer in front of Traefik on every node. It terminates TLS
# with a DigitalOcean-managed Let's Encrypt certificate (so losing a node never loses
# certificates), redirects HTTP to HTTPS, and forwards plain HTTP to Traefik's "web" entrypoint.

# `name` and `domains` force replacement and names are unique per account
# (digitalocean/certificate/resource_certificate.go): the name is derived from the sorted domain
# list, so a new domain list gets a new name and create_before_destroy can create it beside the
# old one before the load balancer lets go of it.
resource "digitalocean_certificate" "public" {
  name    = "${local.name_prefix}-public-${substr(sha256(join(",", sort(local.hostnames))), 0, 10)}"
  type    = "lets_encrypt"
  domains = sort(local.hostnames)

  lifecycle {
    create_before_destroy = true
  }

  # Let's Encrypt certificates are issued only for domains DigitalOcean's DNS already holds.
  depends_on = [digitalocean_domain.main]
}

resource "digitalocean_loadbalancer" "public" {
  name        = "${local.name_prefix}-public"
  region      = var.region
  vpc_uuid    = digitalocean_vpc.main.id
  droplet_tag = digitalocean_tag.node.id

  redirect_http_to_https = true

  # dns.tf owns every record. Without this, a Let's Encrypt certificate makes the load balancer
  # create its own apex A record beside digitalocean_record.apex, outside state
  # (docs/resources/loadbalancer.md, disable_lets_encrypt_dns_records).
  disable_lets_encrypt_dns_records = true

  forwarding_rule {
    entry_port       = 443
    entry_protocol   = "https"
    target_port      = local.traefik_http_port
    target_protocol  = "http"
    certificate_name = digitalocean_certificate.public.name
  }

  # Needed for the redirect: the load balancer answers port 80 with a redirect to 443.
  forwarding_rule {
    entry_port      = 80
    entry_protocol  = "http"
    target_port     = local.traefik_http_port
    target_protocol = "http"
  }

  healthcheck {
    protocol                 = "http"
    port                     = local.traefik_ping_port
    path                     = "/ping"
    check_interval_seconds   = 10
    response_timeout_seconds = 5
    healthy_threshold        = 3
    unhealthy_threshold      = 3
  }

  depends_on = [digitalocean_droplet.node]
}
