# The token comes from the DIGITALOCEAN_TOKEN environment variable, never from a file here.
provider "digitalocean" {}
