import type { IssueRef, Issues } from '../github/ports.js'
import { DRIFT_LABEL, DRIFT_MARKER } from './issue-state.js'
import { planIssueUpdate } from './plan-issue-update.js'
import type { DriftReport } from './report.js'

export interface IssueOutcome {
  /** What was done: created, updated, closed, or nothing (with why). */
  readonly done: string
  readonly issue: IssueRef | undefined
}

/**
 * Finds the drift issue (hidden marker + trusted author, whatever its labels), decides with
 * planIssueUpdate, and carries the decision out. On close the comment goes first, so a failure
 * half-way leaves an open issue, never a silently closed one; on reopen the issue opens first, so
 * the comment never lands on an issue that stays closed.
 */
export async function syncDriftIssue(
  issues: Issues,
  report: DriftReport,
  now: number,
  runUrl: string
): Promise<IssueOutcome> {
  const existing = issues.findOurs
    ? await issues.findOurs(DRIFT_MARKER)
    : await issues.findByMarker(DRIFT_LABEL, DRIFT_MARKER)
  const action = planIssueUpdate(existing, report, now, runUrl)
  switch (action.kind) {
    case 'create': {
      const issue = await issues.create({
        title: action.title,
        body: action.body,
        labels: action.labels
      })
      return { done: `opened drift issue #${issue.number}`, issue }
    }
    case 'update': {
      const issue = await issues.update(action.issueNumber, {
        body: action.body,
        ...(action.labels ? { labels: action.labels } : {})
      })
      const relabelled = action.labels ? ` (the ${DRIFT_LABEL} label put back)` : ''
      return { done: `updated drift issue #${issue.number}${relabelled}`, issue }
    }
    case 'reopen': {
      const issue = await issues.update(action.issueNumber, {
        body: action.body,
        state: 'open',
        ...(action.labels ? { labels: action.labels } : {})
      })
      await issues.comment(action.issueNumber, action.comment)
      return { done: `reopened drift issue #${issue.number}`, issue }
    }
    case 'close': {
      await issues.comment(action.issueNumber, action.comment)
      const issue = await issues.update(action.issueNumber, { body: action.body, state: 'closed' })
      return { done: `closed drift issue #${issue.number}: every layer is in sync`, issue }
    }
    case 'nothing':
      return { done: `no issue change: ${action.reason}`, issue: undefined }
  }
}
