import type { Catalog } from '../catalog/catalog.js'

/**
 * What a set of changed files means for the pipeline. The workflows use it directly as matrices:
 * `services` → build-image, `jobs` → nomad-deploy, the booleans → terraform / ansible jobs.
 */
export interface ChangeSet {
  /** Anything under terraform/ changed. */
  readonly terraform: boolean
  /** Anything under ansible/ changed. */
  readonly ansible: boolean
  /** Services (catalog names, catalog order) whose image must be built or re-tagged. */
  readonly services: readonly string[]
  /** Nomad jobs (job file names without .nomad.hcl) to deploy: changed services + changed platform jobs. */
  readonly jobs: readonly string[]
  /** A shared build input changed (docker/ outside any service context), so every service is in. */
  readonly all: boolean
}

/** `nomad/<name>.nomad.hcl` → `<name>`: the catalog's job files all sit right in nomad/ (load-catalog.ts). */
const jobName = (jobFile: string): string =>
  jobFile.slice('nomad/'.length).replace(/\.nomad\.hcl$/, '')

/**
 * Files under docker/ that no image can see: docs next to the contexts, and the smoke test with
 * each service's checks (docker/smoke-test.sh sources docker/<name>/smoke.sh; the Dockerfile rules
 * check that no .dockerignore sends it, actions/shared/docker/service-rules.ts).
 */
const isDockerDoc = (path: string): boolean =>
  /^docker\/([^/]+\.md|smoke-test\.sh|[^/]+\/smoke\.sh)$/.test(path)

/** Maps changed paths (repository-relative, as `git diff --name-only` prints them) to a ChangeSet. */
export function detectChanges(changedFiles: readonly string[], catalog: Catalog): ChangeSet {
  // A blank line needs no filtering: '' starts no directory and names no job file.
  const files = changedFiles.map(f => f.trim()).map(f => (f.startsWith('./') ? f.slice(2) : f))
  const inContext = (path: string): boolean =>
    catalog.services.some(s => path.startsWith(`${s.context}/`))
  // A service this change removes (elm-infra remove-service): its job file is in the change and
  // no longer in the catalog, so its docker/<name>/ files are gone with it, not a shared input.
  const removedService = (path: string): boolean => {
    const name = /^docker\/([^/]+)\//.exec(path)?.[1]
    const jobFile = `nomad/${name ?? ''}.nomad.hcl`
    return (
      name !== undefined &&
      files.includes(jobFile) &&
      !catalog.jobs.some(j => j.jobFile === jobFile)
    )
  }
  const all = files.some(
    f => f.startsWith('docker/') && !inContext(f) && !isDockerDoc(f) && !removedService(f)
  )
  const services = catalog.services
    .filter(
      s =>
        all ||
        files.some(f => (f.startsWith(`${s.context}/`) && !isDockerDoc(f)) || f === s.jobFile)
    )
    .map(s => s.name)
  const serviceJobs = new Set(
    catalog.services.filter(s => services.includes(s.name)).map(s => s.jobFile)
  )
  const jobs = catalog.jobs
    .filter(j => serviceJobs.has(j.jobFile) || files.includes(j.jobFile))
    .map(j => jobName(j.jobFile))
  return {
    terraform: files.some(f => f.startsWith('terraform/')),
    ansible: files.some(f => f.startsWith('ansible/')),
    services,
    jobs,
    all
  }
}

/** Everything changed: for a first push, an unknown base, or `services: all`. */
export function everything(catalog: Catalog): ChangeSet {
  return {
    terraform: true,
    ansible: true,
    services: catalog.services.map(s => s.name),
    jobs: catalog.jobs.map(j => jobName(j.jobFile)),
    all: true
  }
}
