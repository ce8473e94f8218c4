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
      version = "~> 2.46"
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
  }
}
