# Never replace the cluster by accident. `region` and `vpc_ip_range` force a new VPC, and a new
# VPC (vpc_uuid) and a new region force new droplets (ForceNew in the provider's
# digitalocean/droplet/resource_droplet.go and digitalocean/vpc): one apply would take Raft quorum
# and both replicas of every site at once. The placement the cluster was created with is kept
# in state (ignore_changes keeps the first value), and any plan that moves it fails unless
# replace_cluster = true says so, for one reviewed apply.
#
# Built-in resources only, so tests run this file with the real Terraform CLI and no provider.

resource "terraform_data" "cluster_placement" {
  input = { region = var.region, vpc_ip_range = var.vpc_ip_range }

  # Flipping replace_cluster re-records the placement: set it with the new placement, apply,
  # then set it back to false (that apply records the placement again and changes nothing else).
  # Known limit: a PR that flips it back to false AND moves the cluster again passes this guard
  # (the placement is re-recorded in the same apply); its plan still lists every droplet under
  # "Replace", which the plan comment warns about.
  triggers_replace = [var.replace_cluster]

  lifecycle {
    ignore_changes = [input]
  }
}

resource "terraform_data" "cluster_guard" {
  lifecycle {
    precondition {
      condition = var.replace_cluster || (
        terraform_data.cluster_placement.output.region == var.region &&
        terraform_data.cluster_placement.output.vpc_ip_range == var.vpc_ip_range
      )
      error_message = "This plan moves the cluster from region ${terraform_data.cluster_placement.output.region}, VPC ${terraform_data.cluster_placement.output.vpc_ip_range} to region ${var.region}, VPC ${var.vpc_ip_range}, which replaces every droplet at once. Revert region/vpc_ip_range, or set replace_cluster = true for this one apply (README: \"Replace nodes one at a time, never the cluster\")."
    }
  }
}
