# The package site's data volume: a DigitalOcean block-storage volume created through the CSI
# plugin, once: `nomad volume create nomad/volumes/package-site-data.volume.hcl`.
# (Nomad volume specification; csi-digitalocean creates a DO volume of capacity_min in the
# region of the controller's droplet, driver/controller.go CreateVolume.)
id        = "package-site-data"
name      = "package-site-data"
type      = "csi"
plugin_id = "digitalocean"

capacity_min = "20GiB"
capacity_max = "20GiB"

capability {
  access_mode     = "single-node-writer"
  attachment_mode = "file-system"
}

mount_options {
  fs_type = "ext4"
}
