#!/usr/bin/env python3
"""Ansible dynamic inventory from Terraform's `nodes` output.

Reads, in this order:
  1. the file named by ELM_INFRA_TERRAFORM_OUTPUTS (JSON), or
  2. `terraform -chdir=$ELM_INFRA_TERRAFORM_DIR output -json` (default dir: ../terraform next to
     this ansible/ folder).

The JSON may be the whole `terraform output -json` document ({"nodes": {"value": ...}}), or the
`nodes` value itself. `nodes` is a list of objects, one per droplet:

    [{"name": "elm-1", "public_ip": "203.0.113.10", "private_ip": "10.10.0.2"}, ...]

(a map from name to {"public_ip", "private_ip"} is accepted too). Every node lands in the group
`cluster`; `ansible_host` is the public IP; `private_ip` is what Consul and Nomad bind to and join.
A node's `ssh_host_key` (terraform/host-keys.tf) is not read here: the ansible action writes it to
known_hosts (actions/shared/ansible/host-keys.ts). An optional integer `ssh_port` becomes
`ansible_port` (the same port that file pins the key to).
The group's `base_firewall_trusted_cidrs` (who may reach Consul and Nomad) is the `vpc_ip_range`
output when present, else each node's private IP as a /32.
"""
import json
import os
import subprocess
import sys

GROUP = "cluster"
FIELDS = ("public_ip", "private_ip")


def fail(message):
    sys.stderr.write("terraform inventory: %s\n" % message)
    sys.exit(1)


def read_outputs():
    path = os.environ.get("ELM_INFRA_TERRAFORM_OUTPUTS")
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError) as error:
            fail("cannot read %s: %s" % (path, error))
    here = os.path.dirname(os.path.abspath(__file__))
    directory = os.environ.get("ELM_INFRA_TERRAFORM_DIR", os.path.join(here, "..", "..", "terraform"))
    try:
        text = subprocess.run(
            ["terraform", "-chdir=" + directory, "output", "-json"],
            check=True, capture_output=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        fail("terraform output failed in %s: %s" % (directory, error))
    return json.loads(text)


def output_value(outputs, name):
    value = outputs.get(name) if isinstance(outputs, dict) else None
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def nodes_from(outputs):
    nodes = outputs
    if isinstance(nodes, dict) and "nodes" in nodes:
        nodes = nodes["nodes"]
        if isinstance(nodes, dict) and "value" in nodes:
            nodes = nodes["value"]
    if isinstance(nodes, dict):
        nodes = [dict(value, name=name) for name, value in sorted(nodes.items()) if isinstance(value, dict)]
    if not isinstance(nodes, list) or not nodes:
        fail("expected a non-empty `nodes` list of {name, public_ip, private_ip}")
    for node in nodes:
        missing = [key for key in ("name",) + FIELDS if not isinstance(node, dict) or not node.get(key)]
        if missing:
            fail("node %s lacks %s" % (json.dumps(node), ", ".join(missing)))
    return nodes


def group_vars(outputs, nodes):
    """The group's vars: the trusted ranges, and Terraform's Nomad dynamic port range when output."""
    result = {"base_firewall_trusted_cidrs": trusted_cidrs(outputs, nodes)}
    for name in ("nomad_min_dynamic_port", "nomad_max_dynamic_port"):
        value = output_value(outputs, name)
        if isinstance(value, int) and not isinstance(value, bool):
            result[name] = value
    return result


def trusted_cidrs(outputs, nodes):
    vpc = output_value(outputs, "vpc_ip_range")
    if isinstance(vpc, str) and vpc:
        return [vpc]
    return [node["private_ip"] + "/32" for node in nodes]


def inventory(nodes, outputs):
    hostvars = {}
    for node in nodes:
        hostvars[node["name"]] = {
            "ansible_host": node["public_ip"],
            "public_ip": node["public_ip"],
            "private_ip": node["private_ip"],
        }
        port = node.get("ssh_port")
        if isinstance(port, int) and not isinstance(port, bool):
            hostvars[node["name"]]["ansible_port"] = port
    return {
        GROUP: {
            "hosts": [node["name"] for node in nodes],
            "vars": group_vars(outputs, nodes),
        },
        "_meta": {"hostvars": hostvars},
    }


def main(argv):
    if len(argv) > 1 and argv[1] == "--host":
        print(json.dumps({}))
        return
    outputs = read_outputs()
    print(json.dumps(inventory(nodes_from(outputs), outputs), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv)
