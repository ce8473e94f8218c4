import type { components } from '@octokit/openapi-types'

/**
 * `elm-infra doctor`: whether the repository's settings give the pipeline the protection the README
 * relies on. Whoever can push to `main` deploys with production secrets, so `main` must take
 * changes only through reviewed pull requests, and the pipeline's own code (`.github/`, `actions/`,
 * `terraform/`) must need its owners' review. Read through the REST API (shapes:
 * @octokit/openapi-types), judged here with no I/O:
 *   - branch protection: `GET /repos/{o}/{r}/branches/{b}/protection` (404 "Branch not protected";
 *     403 for a token without administration: read — then the rulesets must say it);
 *   - rulesets: `GET /repos/{o}/{r}/rules/branches/{b}` (every active rule that applies to the
 *     branch, readable with plain read access);
 *   - environments: `GET /repos/{o}/{r}/environments` and, for custom policies,
 *     `GET /repos/{o}/{r}/environments/{e}/deployment-branch-policies`;
 *   - CODEOWNERS: `GET /repos/{o}/{r}/contents/{path}` for the three places GitHub reads it
 *     (`.github/`, the root, `docs/`; docs "About code owners": the first one found wins).
 */

export type Protection = components['schemas']['branch-protection']
export type Rule = components['schemas']['repository-rule-detailed']
export type Environment = components['schemas']['environment']
export type BranchPolicy = components['schemas']['deployment-branch-policy']

/** What the adapter read; `unreadable` says why an answer is missing. */
export interface RepoSettings {
  readonly branch: string
  readonly protection: Protection | 'none' | { readonly unreadable: string }
  readonly rules: readonly Rule[] | { readonly unreadable: string }
  readonly environments:
    | ReadonlyArray<{
        readonly environment: Environment
        readonly policies: readonly BranchPolicy[]
      }>
    | { readonly unreadable: string }
  /** The CODEOWNERS text GitHub uses, or undefined when there is none. */
  readonly codeowners: { readonly path: string; readonly text: string } | undefined
}

export interface Finding {
  readonly ok: boolean
  readonly what: string
  /** What to do when not ok. */
  readonly fix?: string
}

/** The paths whose changes need their owners' review. */
export const OWNED_PATHS = ['.github/', 'actions/', 'terraform/'] as const
/** Environments that hold secrets only main's code may use. */
export const MAIN_ONLY = ['production', 'drift'] as const

function reviewsRequired(s: RepoSettings): { count: number; codeOwners: boolean; source: string } {
  let count = 0
  let codeOwners = false
  const sources: string[] = []
  if (typeof s.protection === 'object' && !('unreadable' in s.protection)) {
    const r = s.protection.required_pull_request_reviews
    if (r) {
      count = Math.max(count, r.required_approving_review_count ?? 0)
      codeOwners ||= r.require_code_owner_reviews === true
      sources.push('branch protection')
    }
  }
  if (Array.isArray(s.rules)) {
    for (const rule of s.rules as readonly Rule[]) {
      if (rule.type !== 'pull_request') continue
      const p = (
        rule as {
          parameters?: {
            required_approving_review_count?: number
            require_code_owner_review?: boolean
          }
        }
      ).parameters
      count = Math.max(count, p?.required_approving_review_count ?? 0)
      codeOwners ||= p?.require_code_owner_review === true
      sources.push('a ruleset')
    }
  }
  return { count, codeOwners, source: sources.join(' and ') }
}

function forcePushBlocked(s: RepoSettings): boolean {
  const byProtection =
    typeof s.protection === 'object' &&
    !('unreadable' in s.protection) &&
    s.protection.allow_force_pushes?.enabled === false
  const byRules =
    Array.isArray(s.rules) && (s.rules as readonly Rule[]).some(r => r.type === 'non_fast_forward')
  return byProtection || byRules
}

/** Which OWNED_PATHS the CODEOWNERS text gives an owner (a line whose pattern covers the path). */
export function ownedPaths(text: string): string[] {
  const rules = text
    .split('\n')
    .map(l => l.replace(/#.*$/, '').trim())
    .filter(l => l !== '')
    .map(l => l.split(/\s+/))
    .filter(parts => parts.length >= 2)
    .map(parts => parts[0] ?? '')
  const covers = (pattern: string, path: string): boolean => {
    const p = pattern.replace(/^\//, '')
    return (
      p === '*' ||
      p === '**' ||
      p === path ||
      p === path.slice(0, -1) ||
      p === `${path}**` ||
      p === `${path}*`
    )
  }
  return OWNED_PATHS.filter(path => rules.some(r => covers(r, path)))
}

/** Pure: every finding, the missing ones with their fix. */
export function judgeSettings(s: RepoSettings): Finding[] {
  const findings: Finding[] = []
  const reviews = reviewsRequired(s)
  const unreadable =
    typeof s.protection === 'object' && 'unreadable' in s.protection
      ? s.protection.unreadable
      : undefined
  findings.push(
    reviews.count >= 1
      ? {
          ok: true,
          what: `${s.branch} takes changes only through pull requests with ${reviews.count} approving review(s) (${reviews.source})`
        }
      : {
          ok: false,
          what: `${s.branch} does not require a reviewed pull request${unreadable ? ` (branch protection unreadable: ${unreadable}; no ruleset requires one)` : ''}: whoever can push to it deploys with production secrets`,
          fix: `Settings → Rules → Rulesets → New branch ruleset for ${s.branch}: "Require a pull request before merging" with 1 approval and "Require review from Code Owners", "Block force pushes", "Restrict deletions"`
        }
  )
  findings.push(
    reviews.codeOwners
      ? { ok: true, what: 'code owners must approve changes to the paths they own' }
      : {
          ok: false,
          what: 'code owners are not required to review',
          fix:
            'turn on "Require review from Code Owners" in the ruleset (or branch protection) of ' +
            s.branch
        }
  )
  findings.push(
    forcePushBlocked(s)
      ? { ok: true, what: `force pushes to ${s.branch} are blocked` }
      : {
          ok: false,
          what: `force pushes to ${s.branch} are not blocked`,
          fix: 'add "Block force pushes" to the ruleset'
        }
  )
  if (s.codeowners === undefined) {
    findings.push({
      ok: false,
      what: 'there is no CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS)',
      fix: `add .github/CODEOWNERS naming the owners of ${OWNED_PATHS.join(', ')}`
    })
  } else {
    const owned = ownedPaths(s.codeowners.text)
    const missing = OWNED_PATHS.filter(p => !owned.includes(p))
    findings.push(
      missing.length === 0
        ? { ok: true, what: `${s.codeowners.path} gives ${OWNED_PATHS.join(', ')} an owner` }
        : {
            ok: false,
            what: `${s.codeowners.path} gives no owner to ${missing.join(', ')}`,
            fix: `add a line per path, e.g. "/${missing[0]} @elm/infra"`
          }
    )
  }
  if ('unreadable' in s.environments) {
    findings.push({
      ok: false,
      what: `the environments cannot be read (${s.environments.unreadable})`,
      fix: 'run doctor with a token that can read the repository'
    })
  } else {
    const envs = s.environments
    for (const name of MAIN_ONLY) {
      const found = envs.find(e => e.environment.name === name)
      const policy = found?.environment.deployment_branch_policy
      const onlyMain =
        policy?.custom_branch_policies === true &&
        found !== undefined &&
        found.policies.length > 0 &&
        found.policies.every(p => p.name === s.branch && (p.type ?? 'branch') === 'branch')
      findings.push(
        found === undefined
          ? {
              ok: false,
              what: `there is no '${name}' environment`,
              fix: `create it (Settings → Environments) with Deployment branches → Selected branches → ${s.branch}`
            }
          : onlyMain
            ? { ok: true, what: `'${name}' accepts runs from ${s.branch} only` }
            : {
                ok: false,
                what: `'${name}' accepts runs from other branches too (any branch pusher's workflow could read its secrets)`,
                fix: `Settings → Environments → ${name} → Deployment branches and tags → Selected branches: ${s.branch} only`
              }
      )
    }
  }
  return findings
}
