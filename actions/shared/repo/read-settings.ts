import type { BranchPolicy, Environment, Protection, RepoSettings, Rule } from './doctor.js'

/** One GET against the REST API: status and parsed body (thin: the CLI passes fetch). */
export type ApiGet = (path: string) => Promise<{ readonly status: number; readonly body: unknown }>

const why = (status: number, body: unknown): string =>
  `HTTP ${status}${typeof body === 'object' && body !== null && 'message' in body ? `: ${String((body as { message: unknown }).message)}` : ''}`

/** Reads what judgeSettings needs (doctor.ts names each endpoint). */
export async function readSettings(
  get: ApiGet,
  repo: string,
  branch: string
): Promise<RepoSettings> {
  const base = `/repos/${repo}`
  const b = encodeURIComponent(branch)
  const prot = await get(`${base}/branches/${b}/protection`)
  const protection: RepoSettings['protection'] =
    prot.status === 200
      ? (prot.body as Protection)
      : prot.status === 404
        ? 'none'
        : { unreadable: why(prot.status, prot.body) }
  const rulesAnswer = await get(`${base}/rules/branches/${b}?per_page=100`)
  const rules: RepoSettings['rules'] =
    rulesAnswer.status === 200
      ? (rulesAnswer.body as Rule[])
      : { unreadable: why(rulesAnswer.status, rulesAnswer.body) }
  const envAnswer = await get(`${base}/environments?per_page=100`)
  let environments: RepoSettings['environments']
  if (envAnswer.status !== 200) {
    environments = { unreadable: why(envAnswer.status, envAnswer.body) }
  } else {
    const list = (envAnswer.body as { environments?: Environment[] }).environments ?? []
    environments = await Promise.all(
      list.map(async environment => {
        if (environment.deployment_branch_policy?.custom_branch_policies !== true) {
          return { environment, policies: [] }
        }
        const p = await get(
          `${base}/environments/${encodeURIComponent(environment.name)}/deployment-branch-policies?per_page=100`
        )
        const policies =
          p.status === 200
            ? ((p.body as { branch_policies?: BranchPolicy[] }).branch_policies ?? [])
            : []
        return { environment, policies }
      })
    )
  }
  let codeowners: RepoSettings['codeowners']
  for (const path of ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']) {
    const c = await get(`${base}/contents/${path}?ref=${b}`)
    if (c.status !== 200) continue
    const file = c.body as { content?: string; encoding?: string }
    const text =
      file.encoding === 'base64'
        ? Buffer.from(file.content ?? '', 'base64').toString('utf8')
        : (file.content ?? '')
    codeowners = { path, text }
    break
  }
  return { branch, protection, rules, environments, codeowners }
}
