# Terraform and provider versions, and the remote state.
#
# State lives in DigitalOcean Spaces through the S3 backend. Nothing secret is written here: the
# bucket, key and endpoint come from `terraform init -backend-config=state.s3.tfbackend` (the
# terraform action passes it), and the Spaces keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
terraform {
  required_version = "~> 1.11.0"

  required_providers {
    digitalocean = {
      source  = "digitalocean/digitalocean"
      version = "~> 2.50" # 2.50.0: digitalocean_spaces_key (package-data.tf)
    }
    # Each droplet's SSH host key (host-keys.tf), so the pipeline trusts a new droplet without
    # ssh-keyscan. Runs locally (no API), like terraform_data.
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.0"
    }
  }

  backend "s3" {
    # Spaces speaks the S3 API but is not AWS: skip the AWS-only checks.
    region                      = "us-east-1"
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    skip_metadata_api_check     = true
    skip_region_validation      = true
    skip_s3_checksum            = true
    use_path_style              = false

    # State locking: not enabled. `use_lockfile = true` (Terraform >= 1.10) locks with a
    # conditional PutObject (If-None-Match: *) of <key>.tflock (hashicorp/terraform PR #35661).
    # DigitalOcean's own "Spaces S3 Compatibility" reference (docs.digitalocean.com/products/
    # spaces/reference/s3-compatibility/, edited 2025-12-05) does not list conditional writes, and
    # we found no DigitalOcean statement or issue confirming that Spaces honours them; a server
    # that ignores the header would let two runs both "hold" the lock. Applies are serialised by
    # the workflows' `production` concurrency group instead. To enable it once you have checked
    # that a second conditional put of the same key answers 412 (README, "State locking"), add
    # `use_lockfile = true` to state.s3.tfbackend.
  }
}
