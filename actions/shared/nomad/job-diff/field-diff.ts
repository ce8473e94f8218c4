/**
 * A read-only, field-by-field diff of two Nomad jobs: the running one (`GET /v1/job/:id`, a
 * structs.Job as JSON) and the one the repository would submit (`POST /v1/jobs/parse` with
 * `Canonicalize: true`, an api.Job as JSON). It stands in for the plan endpoint's diff, which the
 * drift check and PRs may not call: `Job.Plan` checks `submit-job` ("Check job submission
 * permissions, which we assume is the same for plan", hashicorp/nomad v2.0.5
 * nomad/job_endpoint.go `Job.Plan`). Pure: JSON in, changes out.
 *
 * What is compared, after Nomad's own `Job.Diff` (nomad/structs/diff.go):
 * - job-level fields the server sets are ignored, with `Job.Diff`'s filter list (`ID`, `Status`,
 *   `StatusDescription`, `Version`, `Stable`, `CreateIndex`, `ModifyIndex`, `JobModifyIndex`,
 *   `Update`, `SubmitTime`, `NomadTokenID`, `VaultToken`); job-level `Update` is pushed into each
 *   group by canonicalization (see `Job.Diff`'s comment on agent.ApiJobToStructJob);
 * - groups and tasks are matched by `Name` (`taskGroupDiffs`, `taskDiffs`), services and checks too;
 * - a struct field the parsed job leaves unset (null) is the server's to fill (structs.Job has many
 *   fields api.Job lacks, and the server canonicalizes further): not compared;
 * - user-keyed maps (`Meta`, `Env`, a task's `Config`, `Volumes`…) compare every key, so a removed
 *   key is a change; null, [] and {} are the same empty collection;
 * - what the server adds at registration is ignored: implied constraints (`jobImpliedConstraints`
 *   in nomad/job_endpoint_hooks.go: `${attr.vault…}`, `${attr.consul…version}`,
 *   `${attr.nomad.service_discovery}`, `${attr.nomad.version}`, CNI plugin versions,
 *   `${attr.kernel.name} = linux` for bridge networking) and implicit workload identities.
 */

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface FieldChange {
  /** Where, e.g. `['group web', 'task server', 'Config', 'image']`. */
  readonly path: readonly string[]
  /** undefined: absent on that side. */
  readonly before: unknown
  readonly after: unknown
}

/** `Job.Diff`'s job-level filter (nomad/structs/diff.go `Job.Diff`). */
export const JOB_IGNORED: readonly string[] = [
  'ID',
  'Status',
  'StatusDescription',
  'Version',
  'Stable',
  'CreateIndex',
  'ModifyIndex',
  'JobModifyIndex',
  'Update',
  'SubmitTime',
  'NomadTokenID',
  'VaultToken'
]

/** Fields whose keys are the user's (compared key by key, both sides). */
const USER_MAPS = new Set([
  'Meta',
  'Env',
  'Config',
  'Volumes',
  'Labels',
  'GetterOptions',
  'GetterHeaders',
  'Options'
])

/** Lists whose elements carry a name (matched by it, as `Job.Diff` matches groups and tasks). */
const NAMED_LISTS: Readonly<Record<string, { key: string; label: string }>> = {
  TaskGroups: { key: 'Name', label: 'group' },
  Tasks: { key: 'Name', label: 'task' },
  Services: { key: 'Name', label: 'service' },
  Checks: { key: 'Name', label: 'check' },
  Templates: { key: 'DestPath', label: 'template' },
  Artifacts: { key: 'RelativeDest', label: 'artifact' },
  VolumeMounts: { key: 'Destination', label: 'mount' }
}

/** LTargets of the constraints the server implies at registration (`jobImpliedConstraints`). */
const IMPLIED_CONSTRAINT =
  /^\$\{attr\.(vault\.|consul\.(?:[^.}]+\.)?version\}|consul\.dns|nomad\.service_discovery\}|nomad\.version\}|plugins\.cni\.version\.)/

function isImpliedConstraint(c: unknown): boolean {
  if (!isRecord(c)) return false
  const target = String(c['LTarget'] ?? '')
  if (IMPLIED_CONSTRAINT.test(target)) return true
  return target === '${attr.kernel.name}' && c['RTarget'] === 'linux' && c['Operand'] === '='
}

const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (isRecord(v) && Object.keys(v).length === 0)

/** Deep equality over JSON values, with every empty collection equal to null. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].every(k => sameValue(a[k], b[k]))
  }
  return a === b
}

function diffUserMap(
  running: unknown,
  proposed: unknown,
  path: string[],
  out: FieldChange[]
): void {
  const a = isRecord(running) ? running : {}
  const b = isRecord(proposed) ? proposed : {}
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!sameValue(a[key], b[key]))
      out.push({ path: [...path, key], before: a[key], after: b[key] })
  }
}

function diffNamedList(
  running: unknown,
  proposed: unknown,
  path: string[],
  spec: { key: string; label: string },
  out: FieldChange[]
): void {
  const index = (list: unknown): Map<string, unknown> =>
    new Map(
      (Array.isArray(list) ? list : []).map((item, i) => [
        isRecord(item) && typeof item[spec.key] === 'string' ? String(item[spec.key]) : `#${i}`,
        item
      ])
    )
  const a = index(running)
  const b = index(proposed)
  for (const name of [...new Set([...a.keys(), ...b.keys()])]) {
    const where = [...path, `${spec.label} ${name}`]
    const before = a.get(name)
    const after = b.get(name)
    if (before === undefined) out.push({ path: where, before: undefined, after })
    else if (after === undefined) out.push({ path: where, before, after: undefined })
    else diffStruct(before, after, where, [spec.key], out)
  }
}

function diffList(running: unknown, proposed: unknown, path: string[], out: FieldChange[]): void {
  const a = Array.isArray(running) ? running : []
  const b = Array.isArray(proposed) ? proposed : []
  const field = path[path.length - 1]
  // Constraints the server implied at registration are not the repo's to declare.
  const kept =
    field === 'Constraints'
      ? a.filter(c => !isImpliedConstraint(c) || b.some(x => sameValue(x, c)))
      : a
  if (!sameValue(kept, b)) out.push({ path, before: kept, after: b })
}

function diffValue(
  field: string,
  running: unknown,
  proposed: unknown,
  path: string[],
  out: FieldChange[]
): void {
  const where = [...path, field]
  const named = NAMED_LISTS[field]
  if (USER_MAPS.has(field)) diffUserMap(running, proposed, where, out)
  else if (named && (Array.isArray(proposed) || Array.isArray(running)))
    diffNamedList(running, proposed, where, named, out)
  else if (Array.isArray(proposed) || Array.isArray(running))
    diffList(running, proposed, where, out)
  else if (isRecord(proposed) && isRecord(running)) diffStruct(running, proposed, where, [], out)
  else if (!sameValue(running, proposed))
    out.push({ path: where, before: running, after: proposed })
}

/**
 * A struct: only the fields the parsed job sets are compared (null there means "the server's
 * default"), except lists, which the repo may empty by removing every block.
 */
function diffStruct(
  running: unknown,
  proposed: unknown,
  path: string[],
  ignored: readonly string[],
  out: FieldChange[]
): void {
  const a = isRecord(running) ? running : {}
  const b = isRecord(proposed) ? proposed : {}
  for (const field of Object.keys(b).sort()) {
    if (ignored.includes(field)) continue
    // Implicit workload identities are added by the server (job_endpoint_hook_implicit_identities.go).
    if ((field === 'Identity' || field === 'Identities') && isEmpty(b[field])) continue
    const value = b[field]
    if (value === null || value === undefined) {
      if (USER_MAPS.has(field) || (NAMED_LISTS[field] && Array.isArray(a[field])))
        diffValue(field, a[field], value, path, out)
      continue
    }
    diffValue(field, a[field], value, path, out)
  }
}

/** Every field where the repo's parsed job differs from the running one; [] when in sync. */
export function diffJobFields(running: unknown, proposed: unknown): FieldChange[] {
  const out: FieldChange[] = []
  diffStruct(running, proposed, [], JOB_IGNORED, out)
  return out
}

const SECRET_PATH = /^(Env|Templates|template |Vault|Identity|Identities)/

const MAX_VALUE = 80
const LABELLED = new RegExp(
  `^(${Object.values(NAMED_LISTS)
    .map(l => l.label)
    .join('|')}) `
)

/** One change as a line: `group web › task server › Config.image: "a" → "b"`; values hidden where secrets live. */
export function describeFieldChange(change: FieldChange): string {
  const segments = change.path
  // `TaskGroups`, `group web`, `Tasks`, `task server`, `Config`, `image` → group web › task server › Config.image
  const parts: string[] = []
  let field: string[] = []
  segments.forEach((segment, i) => {
    if (LABELLED.test(segment)) {
      field = []
      parts.push(segment)
    } else if (!LABELLED.test(segments[i + 1] ?? '')) field.push(segment)
  })
  const where = [...parts, field.join('.')].filter(Boolean).join(' › ')
  const hidden = segments.some(s => SECRET_PATH.test(s))
  const show = (v: unknown): string => {
    if (v === undefined) return '(absent)'
    const text = JSON.stringify(v) ?? String(v)
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text
  }
  if (hidden)
    return `${where}: ${change.before === undefined ? 'added' : change.after === undefined ? 'removed' : 'changed'} (value hidden)`
  if (change.before === undefined) return `${where}: added ${show(change.after)}`
  if (change.after === undefined || isEmpty(change.after))
    return `${where}: removed (was ${show(change.before)})`
  return `${where}: ${show(change.before)} → ${show(change.after)}`
}
