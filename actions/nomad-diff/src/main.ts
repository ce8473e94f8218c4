import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import { loadCatalog } from '../../shared/catalog/load-catalog.js'
import { detectChanges } from '../../shared/changes/detect-changes.js'
import { compareJob } from '../../shared/drift/check-nomad-jobs.js'
import type { NomadDriftApi } from '../../shared/drift/check-nomad-jobs.js'
import { describeRevert } from '../../shared/drift/nomad-revert.js'
import { UserError, describeError } from '../../shared/errors.js'
import type { StickyComments } from '../../shared/github/ports.js'
import {
  type JobComparison,
  jobCommentMarker,
  renderJobComment,
  renderJobNoLongerChanged
} from '../../shared/nomad/job-diff/pr-diff-comment.js'
import type { ActionIo } from '../../shared/ports.js'
import { type NomadDiffInputs, readInputs } from './inputs.js'

/** Everything nomad-diff touches, injected so tests pass doubles. */
export interface NomadDiffDeps extends ActionIo {
  readonly runUrl: string
  /** `git diff --name-only base...head` in root. */
  readonly changedFiles: (root: string, base: string, head: string) => Promise<string[]>
  /** The read-only Nomad view for these inputs, and how to close it. */
  readonly nomad: (inputs: NomadDiffInputs) => { api: NomadDriftApi; close(): void }
  /** May resolve later: the real one loads Octokit only here, off the action's start path. */
  readonly stickyComments: (token: string) => StickyComments | Promise<StickyComments>
}

type Json = Record<string, unknown>

/** The group canary counts of the PR's job, for the image note. */
async function canariesOf(api: NomadDriftApi, hcl: string): Promise<number> {
  const parsed = await api.parseJob(hcl, '')
  const groups = Array.isArray(parsed.raw['TaskGroups']) ? (parsed.raw['TaskGroups'] as Json[]) : []
  const counts = groups.map(g => Number((g['Update'] as Json | undefined)?.['Canary'] ?? 0))
  return Math.max(0, ...counts)
}

/** nomad-diff: one sticky comment per changed job; fails when a job could not be compared. */
export async function main(deps: NomadDiffDeps): Promise<void> {
  const inputs = readInputs(deps.inputs)
  deps.masker.mask(inputs.githubToken)
  if (inputs.nomadToken) deps.masker.mask(inputs.nomadToken)
  const catalog = await loadCatalog(inputs.root)
  const files = await deps.changedFiles(inputs.root, inputs.base, inputs.head)
  const changes = detectChanges(files, catalog)
  const jobs = catalog.jobs.filter(j =>
    changes.jobs.includes(j.jobFile.replace(/^nomad\//, '').replace(/\.nomad\.hcl$/, ''))
  )
  // Job files this PR deletes (git diff names them; the head has no such file): their job goes away.
  const removed = files
    .filter(f => /^nomad\/[^/]+\.nomad\.hcl$/.test(f) && !catalog.jobs.some(j => j.jobFile === f))
    .filter(f => !existsSync(join(inputs.root, f)))
    .map(f => ({ jobFile: f, jobId: f.slice('nomad/'.length, -'.nomad.hcl'.length) }))
  deps.outputs.set('jobs', JSON.stringify(jobs.map(j => j.jobId)))
  const sticky = await deps.stickyComments(inputs.githubToken)
  // An earlier push's comment on a job this head no longer changes would still show its diff.
  for (const job of catalog.jobs.filter(j => !jobs.includes(j))) {
    const stale = await sticky.updateIfPresent(
      inputs.prNumber,
      jobCommentMarker(job.jobId),
      renderJobNoLongerChanged({
        jobId: job.jobId,
        jobFile: job.jobFile,
        runUrl: deps.runUrl,
        headSha: inputs.head
      })
    )
    if (stale) deps.logger.info(`${job.jobId} is no longer changed: updated ${stale.url}`)
  }
  if (jobs.length === 0 && removed.length === 0) {
    deps.logger.info('No Nomad job or service image changes in this pull request.')
    deps.outputs.set('changed', 'false')
    return
  }
  const nomad = deps.nomad(inputs)
  const failed: string[] = []
  let changed = false
  const summary: string[] = []
  try {
    for (const job of jobs) {
      const body = await deps.logger.group(
        `Comparing ${job.jobId} with the running job`,
        async () => {
          const service = catalog.services.find(s => s.jobFile === job.jobFile)
          const rebuilt = service && files.some(f => f.startsWith(`${service.context}/`))
          let comparison: JobComparison
          let canaries = 0
          try {
            const hcl = await readFile(join(inputs.root, job.jobFile), 'utf8')
            const result = await compareJob(nomad.api, job.jobId, hcl)
            if (rebuilt) canaries = await canariesOf(nomad.api, hcl)
            comparison = result.missing
              ? { kind: 'missing' }
              : {
                  kind: 'compared',
                  runningVersion: result.runningVersion ?? 0,
                  changes: result.changes,
                  updates: result.updates,
                  ...(result.revert ? { revert: describeRevert(result.revert) } : {})
                }
          } catch (error) {
            comparison = { kind: 'error', reason: describeError(error) }
            failed.push(job.jobId)
          }
          if (
            comparison.kind === 'missing' ||
            (comparison.kind === 'compared' && comparison.changes.length > 0) ||
            rebuilt
          )
            changed = true
          const text = renderJobComment({
            jobId: job.jobId,
            jobFile: job.jobFile,
            comparison,
            imageRebuilt: rebuilt && service ? { context: service.context, canaries } : undefined,
            runUrl: deps.runUrl,
            headSha: inputs.head
          })
          deps.logger.info(text)
          return text
        }
      )
      const comment = await sticky.upsert(inputs.prNumber, jobCommentMarker(job.jobId), body)
      deps.logger.info(`${comment.created ? 'Posted' : 'Updated'} ${comment.url}`)
      summary.push(body)
    }
    for (const job of removed) {
      let comparison: JobComparison
      try {
        const versions = await nomad.api.jobVersions(job.jobId)
        const newest = Math.max(-1, ...versions.map(v => v.version))
        comparison = { kind: 'removed', runningVersion: newest < 0 ? undefined : newest }
      } catch (error) {
        comparison = { kind: 'error', reason: describeError(error) }
        failed.push(job.jobId)
      }
      changed = true
      const body = renderJobComment({
        ...job,
        comparison,
        runUrl: deps.runUrl,
        headSha: inputs.head
      })
      deps.logger.info(body)
      const comment = await sticky.upsert(inputs.prNumber, jobCommentMarker(job.jobId), body)
      deps.logger.info(`${comment.created ? 'Posted' : 'Updated'} ${comment.url}`)
      summary.push(body)
    }
  } finally {
    nomad.close()
  }
  await deps.summary.write(summary.join('\n\n'))
  deps.outputs.set('changed', String(changed))
  if (failed.length > 0) {
    throw new UserError(
      `Could not compare ${failed.join(', ')} with the running job (see the comment for why).`
    )
  }
}
