import type { Catalog } from '../catalog/catalog.js'
import { type ChangeSet, detectChanges, everything } from './detect-changes.js'

/**
 * What a push to main deploys, layer by layer, decided from data only (no git, no GitHub): the
 * adapters (`elm-infra deploy-plan`) read the commits and hand them over. It can never wedge:
 *   - services, jobs and Ansible deploy everything changed since the last successful deploy run,
 *     so a failed run is retried by the next push;
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
 *   none       terraform/ is unchanged since the last success
 */
export type TerraformDecision = 'apply' | 'pending' | 'bootstrap' | 'none'

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
