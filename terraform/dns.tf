# DNS for elm-lang.org in DigitalOcean: the apex and each subdomain point at the load balancer.
# DigitalOcean DNS must hold the domain for the Let's Encrypt certificate to be issued.

resource "digitalocean_domain" "main" {
  name = var.domain
}

resource "digitalocean_record" "apex" {
  domain = digitalocean_domain.main.id
  type   = "A"
  name   = "@"
  value  = digitalocean_loadbalancer.public.ip
  ttl    = 300
}

resource "digitalocean_record" "subdomain" {
  for_each = toset(var.subdomains)

  domain = digitalocean_domain.main.id
  type   = "A"
  name   = each.value
  value  = digitalocean_loadbalancer.public.ip
  ttl    = 300
}
