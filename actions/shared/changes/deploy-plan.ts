import type { Catalog } from '../catalog/catalog.js'
import { type ChangeSet, detectChanges, everything } from './detect-changes.js'
import type { LayerRecord, LayerRuns, RunRef } from './layer-runs.js'

/**
 * What a push to main deploys, layer by layer, decided from data only (no git, no GitHub): the
 * adapters (`elm-infra deploy-plan`) read the commits and hand them over. It can never wedge:
 *   - services, jobs and Ansible deploy everything changed since the last successful deploy run,
 *     so a failed run is retried by the next push; with the workflow's recorded runs
 *     (planDeployByLayer, layer-runs.ts) each layer counts from its own last success instead;
 *   - a last-success commit that is gone from main's history (a force push) or no success at all
 *     (the first push) deploys everything and says so;
 *   - Terraform applies only the plan reviewed on the pull request merged as this push; when
 *     terraform/ changed since the last success but not in this push (an earlier apply failed or
 *     was refused), Terraform is `pending`: the other layers still deploy, and the run ends red with
 *     exactly what to do, so nothing is silently left unapplied.
 */

/** What the adapters found out about the commits. */
export interface DeployHistory {
  /** The commit being deployed (GITHUB_SHA). */
  readonly head: string
  /** The head commit of the last successful deploy run, if there ever was one. */
  readonly lastSuccess?: string
  /** Whether lastSuccess is an ancestor of head (false: history was rewritten, or not fetched). */
  readonly lastSuccessReachable: boolean
  /** Files changed from lastSuccess to head (only read when reachable). */
  readonly filesSinceLastSuccess: readonly string[]
  /**
   * Files this push changed (github.event.before..head), i.e. the pull request merged as head;
   * undefined when the push has no usable before (new branch, force push).
   */
  readonly filesInPush?: readonly string[]
  /**
   * Each layer's own last success, read from the workflow's past runs (layer-runs.ts), and the
   * files changed since each such commit (undefined: not in main's history). When given, a layer
   * with a record is planned from its own success, not the last fully successful run's.
   */
  readonly layers?: {
    readonly runs: LayerRuns
    readonly filesSince: Readonly<Record<string, readonly string[] | undefined>>
  }
}

/**
 * Terraform's decision:
 *   apply      this push carries terraform/ changes, so its merged PR's reviewed plan is applied
 *              (also the very first apply, when no deploy has succeeded yet: README runbook step 5)
 *   pending    terraform/ changed since the last success, but this push carries no reviewed plan
 *   bootstrap  no deploy ever succeeded and this push carries no reviewed plan: no cluster exists
 *              yet, so Ansible and Nomad wait too, and the run ends red so that the first push
 *              that does apply still deploys everything (README runbook, "From an empty
 *              DigitalOcean account")
 *   in-flight  pending here, but an older run that may be applying it is still going (not red)
 *   none       terraform/ is unchanged since the last success
 */
export type TerraformDecision = 'apply' | 'pending' | 'in-flight' | 'bootstrap' | 'none'

export interface DeployPlan {
  /** The commit everything is compared with; undefined when everything deploys. */
  readonly base: string | undefined
  /** Why everything deploys, when it does. */
  readonly everythingBecause?: string
  readonly terraform: TerraformDecision
  /** Ansible runs (also after a Terraform apply that changed anything: the workflow adds that). */
  readonly ansible: boolean
  /** Services to build (catalog order). */
  readonly services: readonly string[]
  /** Nomad jobs to deploy (catalog order). */
  readonly jobs: readonly string[]
  /** Sentences for the log and the step summary, most important first. */
  readonly notes: readonly string[]
}

const short = (sha: string): string => sha.slice(0, 12)

function chooseChanges(
  history: DeployHistory,
  catalog: Catalog
): { changes: ChangeSet; base?: string; everythingBecause?: string } {
  if (history.lastSuccess === undefined) {
    return {
      changes: everything(catalog),
      everythingBecause: 'no deploy of main has succeeded yet (first push): deploying everything'
    }
  }
  if (!history.lastSuccessReachable) {
    return {
      changes: everything(catalog),
      everythingBecause:
        `the last successful deploy ${short(history.lastSuccess)} is not in main's history any ` +
        'more (a force push rewrote it): deploying everything'
    }
  }
  return {
    changes: detectChanges(history.filesSinceLastSuccess, catalog),
    base: history.lastSuccess
  }
}

function decideTerraform(
  history: DeployHistory,
  changedSince: boolean,
  catalog: Catalog
): TerraformDecision {
  if (history.lastSuccess === undefined) {
    // The first apply is a merged pull request like every later one: its plan was reviewed, and
    // the apply job refuses anything else (plan-guard). Without one there is nothing to apply.
    const reviewed =
      history.filesInPush !== undefined && detectChanges(history.filesInPush, catalog).terraform
    return reviewed ? 'apply' : 'bootstrap'
  }
  if (!changedSince) return 'none'
  // No usable before (a force push): what this push carries is unknown, so nothing reviewed can
  // be matched to it; Terraform waits for a pull request, like any other pending change.
  if (history.filesInPush === undefined) return 'pending'
  return detectChanges(history.filesInPush, catalog).terraform ? 'apply' : 'pending'
}

/** Tells the reader what Terraform will do, and for `pending` exactly what to do about it. */
export function terraformNote(plan: Pick<DeployPlan, 'terraform' | 'base'>, head: string): string {
  switch (plan.terraform) {
    case 'apply':
      return 'Terraform: applying the plan reviewed on the pull request merged as this commit.'
    case 'none':
      return 'Terraform: terraform/ is unchanged since the last successful deploy; nothing to apply.'
    case 'in-flight':
      return 'Terraform: an older run that may be applying terraform/ is still going; not applied here.'
    case 'bootstrap':
      return (
        'Terraform: not applied, and Ansible and Nomad wait: no deploy has succeeded yet and this ' +
        'push carries no reviewed plan, so no cluster exists to provision. Open the pull request of ' +
        'README "From an empty DigitalOcean account" step 5 (anything under terraform/), review ' +
        'its plan comment and merge it: that push applies the plan, provisions the nodes and ' +
        'deploys every job. Images are still built. This run ends red so that push deploys everything.'
      )
    case 'pending':
      return (
        `Terraform: NOT applied. terraform/ changed since the last successful deploy ` +
        `(${short(plan.base ?? '')}), but this push (${short(head)}) does not change terraform/, ` +
        'so it carries no reviewed plan. The earlier apply failed or was refused. To apply: open ' +
        'a pull request that touches terraform/ (even a comment line), let its Terraform plan ' +
        'comment show the pending changes, review and merge it; or re-run the failed deploy run ' +
        'of the pull request that changed terraform/ while main still ends in its commit. ' +
        'Services, Ansible and Nomad were still deployed; this run ends red until Terraform is applied.'
      )
  }
}

/** The deploy plan of one push. */
export function planDeploy(history: DeployHistory, catalog: Catalog): DeployPlan {
  const { changes, base, everythingBecause } = chooseChanges(history, catalog)
  const terraform = decideTerraform(history, changes.terraform, catalog)
  const notes: string[] = []
  if (everythingBecause !== undefined) notes.push(`Deploying everything: ${everythingBecause}.`)
  else notes.push(`Deploying what changed since the last successful deploy ${short(base ?? '')}.`)
  notes.push(terraformNote({ terraform, base }, history.head))
  return {
    base,
    ...(everythingBecause === undefined ? {} : { everythingBecause }),
    terraform,
    // Before the first apply there are no nodes: nothing to provision or deploy to.
    ansible: terraform === 'bootstrap' ? false : changes.ansible,
    services: changes.services,
    jobs: terraform === 'bootstrap' ? [] : changes.jobs,
    notes
  }
}

/** The files since a layer's own last success, or undefined when that is unknown or gone. */
function filesSinceLayer(
  history: DeployHistory,
  record: LayerRecord | undefined
): readonly string[] | undefined {
  const sha = record?.lastSuccess?.sha
  if (sha === undefined || history.layers === undefined) return undefined
  return history.layers.filesSince[sha]
}

const runName = (r: RunRef): string => `run #${r.run} (${short(r.sha)})`

/**
 * The deploy plan when each layer's own record is known: Terraform from its last successful apply,
 * Ansible from its last successful run (and again after its own failure, or after an apply since),
 * each Nomad job from its own last success. A layer without a record (its job never ran under
 * this name) falls back to the last fully successful run, as planDeploy does.
 */
export function planDeployByLayer(history: DeployHistory, catalog: Catalog): DeployPlan {
  const fallback = planDeploy(history, catalog)
  const layers = history.layers
  if (layers === undefined) return fallback
  const { runs } = layers
  const notes: string[] = [...fallback.notes.slice(0, 1)]

  // Terraform.
  let terraform = fallback.terraform
  let terraformText = fallback.notes[1] ?? ''
  const tfFiles = filesSinceLayer(history, runs.terraform)
  if (tfFiles !== undefined && runs.terraform.lastSuccess) {
    const base = runs.terraform.lastSuccess
    const changed = detectChanges(tfFiles, catalog).terraform
    const inPush =
      history.filesInPush !== undefined && detectChanges(history.filesInPush, catalog).terraform
    const going = runs.inFlight[0]
    terraform = !changed ? 'none' : inPush ? 'apply' : going ? 'in-flight' : 'pending'
    terraformText =
      terraform === 'none'
        ? `Terraform: terraform/ is unchanged since its last successful apply in ${runName(base)}; nothing to apply.`
        : terraform === 'apply'
          ? 'Terraform: applying the plan reviewed on the pull request merged as this commit.'
          : terraform === 'in-flight' && going
            ? `Terraform: terraform/ changed since its last successful apply in ${runName(base)}, and ${runName(going)} is still running: it may be applying it now. Not applied here; the next push checks again.`
            : pendingText(base, runs.terraform.lastFailure, history.head)
  }
  notes.push(terraformText)

  // Ansible.
  let ansible = fallback.ansible
  const anFiles = filesSinceLayer(history, runs.ansible)
  if (anFiles !== undefined && runs.ansible.lastSuccess) {
    const base = runs.ansible.lastSuccess
    const changed = detectChanges(anFiles, catalog).ansible
    const failed = runs.ansible.lastFailure
    const applied = runs.ansible.appliedSince
    ansible = changed || failed !== undefined || applied !== undefined
    notes.push(
      failed
        ? `Ansible: its run in ${runName(failed)} ended ${failed.conclusion} after its last success in ${runName(base)}: provisioning again.`
        : applied
          ? `Ansible: a terraform apply succeeded in ${runName(applied)} after Ansible's last success in ${runName(base)}: provisioning the nodes.`
          : changed
            ? `Ansible: ansible/ changed since its last success in ${runName(base)}.`
            : `Ansible: nothing to provision since its last success in ${runName(base)}.`
    )
  }

  // Nomad jobs and their services' images.
  const jobs: string[] = []
  const services = new Set<string>()
  for (const job of catalog.jobs) {
    const name = job.jobFile.slice('nomad/'.length).replace(/\.nomad\.hcl$/, '')
    const own = runs.jobs[name]
    const files = filesSinceLayer(history, own)
    const since = files === undefined ? undefined : detectChanges(files, catalog)
    const wanted = since ? since.jobs.includes(name) : fallback.jobs.includes(name)
    if (!wanted) continue
    jobs.push(name)
    const service = catalog.services.find(s => s.jobFile === job.jobFile)
    if (service && (since ? since.services : fallback.services).includes(service.name)) {
      services.add(service.name)
    }
    if (own?.lastFailure && own.lastSuccess) {
      notes.push(
        `Nomad ${name}: its deploy in ${runName(own.lastFailure)} ended ${own.lastFailure.conclusion}; deploying again.`
      )
    }
  }
  return {
    ...fallback,
    terraform,
    ansible,
    services: catalog.services.map(s => s.name).filter(s => services.has(s)),
    jobs,
    notes
  }
}

function pendingText(
  base: RunRef,
  failure: (RunRef & { conclusion: string }) | undefined,
  head: string
): string {
  const what = failure
    ? `Its apply in ${runName(failure)} ended ${failure.conclusion} (a refused apply — the plan differed from the reviewed one — ends failure too; that run's summary says which).`
    : 'No apply has run since: the run that carried it stopped before its terraform apply job.'
  return (
    `Terraform: NOT applied. terraform/ changed since its last successful apply in ${runName(base)}, ` +
    `but this push (${short(head)}) does not change terraform/, so it carries no reviewed plan. ${what} ` +
    'To apply: open a pull request that touches terraform/ (even a comment line), let its plan ' +
    'comment show the pending changes, review and merge it. The other layers were still deployed; ' +
    'this run ends red until Terraform is applied.'
  )
}
