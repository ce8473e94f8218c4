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

# nomad.<domain>: every node's public address, the name in the Nomad server certificate's SANs
# that the pipeline (NOMAD_ADDR=https://nomad.<domain>:4646) connects to over mutual TLS.
resource "digitalocean_record" "nomad" {
  count = var.node_count

  domain = digitalocean_domain.main.id
  type   = "A"
  name   = "nomad"
  value  = digitalocean_droplet.node[count.index].ipv4_address
  ttl    = 300
}

# Records the domain had before its nameservers pointed at DigitalOcean (MX, TXT, CAA, other
# hosts), from the tracked dns-records.auto.tfvars.
resource "digitalocean_record" "extra" {
  for_each = { for r in var.extra_dns_records : "${r.type} ${r.name} ${r.value}" => r }

  domain   = digitalocean_domain.main.id
  type     = each.value.type
  name     = each.value.name
  value    = each.value.value
  ttl      = each.value.ttl
  priority = each.value.priority
  weight   = each.value.weight
  port     = each.value.port
  flags    = each.value.flags
  tag      = each.value.tag
}
