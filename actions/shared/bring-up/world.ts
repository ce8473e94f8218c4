import type { Service } from '../catalog/catalog.js'

/**
 * Where the bring-up runs: the one interface between the bring-up's steps (harness.ts), which are
 * the same everywhere, and the hosts and binaries they run on.
 * - Here (`.ci/run`, ci.yml): three containers with stand-ins for the Consul and Nomad binaries
 *   and their APIs, the simulated Nomad scheduler behind the stand-in's TLS and ACLs
 *   (testing/stand-in-world.ts).
 * - On GitHub (bring-up.yml): the same three hosts running the pinned Consul and Nomad releases,
 *   Docker inside them, Traefik and the site images built in the job (testing/release-world.ts).
 */
export interface BringUpHost {
  /** The droplet's name: Terraform's `nodes[].name`, the inventory host and the Nomad node name. */
  readonly name: string
  readonly privateIp: string
  readonly publicIp: string
}

/** One site as Traefik routes it: the Host rule of its public URL. */
export interface Site {
  readonly service: string
  readonly host: string
  readonly path: string
}

/** What fetching a site through one host's Traefik gave. */
export interface Served {
  readonly ok: boolean
  /** e.g. `HTTP 200, 5123 bytes` or why not. */
  readonly detail: string
}

/** What the secrets step made (`elm-infra secrets init`): the files the README stores as secrets. */
export interface BringUpSecrets {
  readonly dir: string
  /** ansible-extra-vars.yml, parsed. */
  readonly vars: Readonly<Record<string, string>>
}

export interface BringUpWorld {
  /** Said in the log and the report, e.g. "stand-ins for consul 1.20.1 and nomad 2.0.5". */
  readonly description: string
  readonly hosts: readonly BringUpHost[]
  /** The domain the sites and the certificates are for. */
  readonly domain: string
  /**
   * Runbook step 5, the apply: blank hosts exist and a real `terraform output -json` names them.
   * Returns the path of that output document (what the pipeline hands to Ansible).
   */
  apply(work: string): Promise<string>
  /**
   * The inventory folder: ansible/inventory/terraform.py (reading ELM_INFRA_TERRAFORM_OUTPUTS)
   * plus what only this world sets (the connection, a mirror, where its APIs are).
   */
  inventory(work: string, secrets: BringUpSecrets): Promise<string>
  /** Nomad's API as the pipeline reaches it (NOMAD_ADDR; mutual TLS with secrets init's certificates). */
  nomadAddress(): string
  /** CSI volumes exist here; where not, the job files get a host volume in their place. */
  readonly csi: boolean
  /**
   * The Nomad Variables of runbook step 6 (`nomad var put <path> k=v …`), by path: values this
   * world's jobs can work with (a backup bucket they can reach, a token that is accepted).
   */
  jobVariables(): Promise<Readonly<Record<string, Readonly<Record<string, string>>>>>
  /**
   * The job file to deploy for `jobFile`, relative to the repository: nomad-deploy refuses a job
   * file outside the workspace (nomad/deploy/source.ts readJobSource).
   */
  jobFile(jobFile: string, work: string): Promise<string>
  /** The image reference of a service's build (built in the job on GitHub, a stand-in tag here). */
  image(service: Service): Promise<string>
  /** `nomad volume create <file>` (runbook step 6), with the management token. */
  createVolume(file: string): Promise<void>
  /** Fetches a site through the Traefik of `via`, with the site's Host header. */
  serve(site: Site, via: BringUpHost): Promise<Served>
  /** A VM is lost: the host stops, as a droplet powered off. */
  loseHost(host: BringUpHost): Promise<void>
  close(): Promise<void>
}
