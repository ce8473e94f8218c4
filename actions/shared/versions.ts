import pins from '../../versions.json' with { type: 'json' }

/**
 * The pinned versions of the outside systems the cluster runs, from the repository's one pin file
 * (`versions.json`, also read by the Ansible roles and the workflows). Bundled at build time (an
 * import, not a file read), so the CLI, `lib/` and every action agree with the checkout they were
 * built from.
 */
export const NOMAD_VERSION: string = pins.nomad
export const CONSUL_VERSION: string = pins.consul

/** The folder of the Nomad answers recorded from the pinned version (actions/shared/nomad/fixtures/). */
export const NOMAD_FIXTURES_DIR = `nomad-${NOMAD_VERSION}`
