# Records elm-lang.org has besides the sites (mail, verifications, other hosts), created in
# DigitalOcean DNS by dns.tf. Tracked on purpose: every plan and apply (the PR's, deploy.yml's,
# the drift check's and a laptop's) loads this file, so what is here is what exists. A record
# removed from this list is deleted by the next apply. DNS records are public: nothing secret here.
#
# Fill in from the domain's current zone before switching the nameservers (README, "From an
# empty DigitalOcean account", step 4). name is relative to the domain ("@" for the apex); ttl
# defaults to 3600. Each type's required fields (variables.tf checks them):
#   MX    priority                 { type = "MX", name = "@", value = "mx1.example.", priority = 10 }
#   TXT                            { type = "TXT", name = "@", value = "v=spf1 include:example.org -all" }
#   CAA   flags, tag               { type = "CAA", name = "@", value = "letsencrypt.org.", flags = 0, tag = "issue" }
#   SRV   priority, weight, port   { type = "SRV", name = "_sip._tcp", value = "sip.example.", priority = 10, weight = 5, port = 5060 }
extra_dns_records = []
