# Every droplet's SSH host key is made here, before the droplet exists, so the pipeline can verify
# a droplet it has never seen (the first deploy, an added node, a replaced node) with no
# ssh-keyscan and no hand step:
#
#   tls_private_key.host[i] ──► cloud-init `ssh_keys` in the droplet's user_data (main.tf): on first
#   boot cloud-init deletes the image's host keys and writes exactly this one (cloud-init
#   cloudinit/config/cc_ssh.py, 22.4.2 as in Debian 12: `ssh_deletekeys` defaults to true; with
#   `ssh_keys` given, `ssh_genkeytypes` is not used, so no other host key is generated)
#   public half ──► the `nodes` output (ssh_host_key) ──► known_hosts written by the ansible and
#   drift actions (actions/shared/ansible/host-keys.ts) for StrictHostKeyChecking=yes.
#
# What it costs: the private host keys are in Terraform's state (tls_private_key.private_key_openssh,
# marked sensitive, so never printed in a plan or an output), and the state is the encrypted,
# private Spaces bucket whose keys only the `production` and read environments hold. Anyone who can
# read the state could impersonate a node to the pipeline; the same people can already read
# every other secret of the state. The droplet's user_data (which holds the key) is kept in state
# only as a SHA1 hash (digitalocean/droplet/resource_droplet.go, user_data StateFunc
# util.HashStringStateFunc) and is readable on the droplet from DigitalOcean's metadata service
# (169.254.169.254), i.e. by root and by anything on the droplet that can reach that address.
#
# One key per node, replaced with its node (node_generations): a replaced droplet gets a new key,
# and the output carries it in the same apply, before Ansible runs.
resource "tls_private_key" "host" {
  count = var.node_count

  # ssh-ed25519: the first host key algorithm OpenSSH offers (ssh_config(5) HostKeyAlgorithms).
  algorithm = "ED25519"

  lifecycle {
    replace_triggered_by = [terraform_data.node_generation[count.index]]
  }
}
