# Public entry: a DigitalOcean load balancer in front of Traefik on every node. It terminates TLS
# with a DigitalOcean-managed Let's Encrypt certificate (so losing a node never loses
# certificates), redirects HTTP to HTTPS, and forwards plain HTTP to Traefik's "web" entrypoint.

resource "digitalocean_certificate" "public" {
  name    = "${local.name_prefix}-public"
  type    = "lets_encrypt"
  domains = local.hostnames

  # A renamed or re-scoped certificate must exist before the load balancer lets go of the old one.
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

  forwarding_rule {
    entry_port       = 443
    entry_protocol   = "https"
    target_port      = var.traefik_http_port
    target_protocol  = "http"
    certificate_name = digitalocean_certificate.public.name
  }

  # Needed for the redirect: the load balancer answers port 80 with a redirect to 443.
  forwarding_rule {
    entry_port      = 80
    entry_protocol  = "http"
    target_port     = var.traefik_http_port
    target_protocol = "http"
  }

  healthcheck {
    protocol                 = "http"
    port                     = var.traefik_ping_port
    path                     = "/ping"
    check_interval_seconds   = 10
    response_timeout_seconds = 5
    healthy_threshold        = 3
    unhealthy_threshold      = 3
  }

  depends_on = [digitalocean_droplet.node]
}
