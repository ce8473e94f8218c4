/**
 * The bring-up's steps, in the order they run, each tied to the step of the README's runbook
 * ("From an empty DigitalOcean account") it carries out and to a phrase of that step's text that
 * says so. `runbookProblems` checks the README against this list: every runbook step is either run
 * here or named in NOT_RUN with the reason, the steps run in the README's order, and within one
 * runbook step the phrases come in the order the steps run. So the README cannot tell a maintainer
 * an order the bring-up test does not run, and the test cannot run an order the README does not say.
 */

export type StepId =
  | 'secrets'
  | 'apply'
  | 'inventory'
  | 'ansible'
  | 'job-variables'
  | 'csi-plugins'
  | 'volume'
  | 'jobs'
  | 'serving'
  | 'lose-host'
  | 'serving-after-loss'

export interface BringUpStep {
  readonly id: StepId
  /** The runbook step it carries out (1-based), or null: beyond the runbook. */
  readonly runbook: number | null
  /** Text of that runbook step that describes this step (null when runbook is null). */
  readonly phrase: string | null
  readonly title: string
}

export const BRING_UP_STEPS: readonly BringUpStep[] = [
  {
    id: 'secrets',
    runbook: 3,
    phrase: 'npx elm-infra secrets init',
    title: "The cluster's secrets (elm-infra secrets init)"
  },
  {
    id: 'apply',
    runbook: 5,
    phrase: 'applies exactly the reviewed plan',
    title: 'Apply: three blank nodes and terraform output -json'
  },
  {
    id: 'inventory',
    runbook: 5,
    phrase: "the nodes and host keys from the apply's outputs",
    title: "The inventory from Terraform's outputs (ansible/inventory/terraform.py)"
  },
  {
    id: 'ansible',
    runbook: 5,
    phrase: 'Consul and Nomad with TLS and ACLs',
    title: 'The whole playbook on the three blank hosts'
  },
  {
    id: 'job-variables',
    runbook: 6,
    phrase: '`nomad var put …`',
    title: "The jobs' own secrets (Nomad Variables, with the management token)"
  },
  {
    id: 'csi-plugins',
    runbook: 6,
    phrase: 'the CSI plugins start',
    title: 'The CSI plugins through nomad-deploy'
  },
  {
    id: 'volume',
    runbook: 6,
    phrase: 'create the volume',
    title: "The package site's volume (nomad volume create)"
  },
  {
    id: 'jobs',
    runbook: 6,
    phrase: 'Traefik, the website and www follow',
    title: 'Every other job, in catalog order, through nomad-deploy'
  },
  {
    id: 'serving',
    runbook: 6,
    phrase: 'The run turns green',
    title: "Every site answers through every node's Traefik"
  },
  { id: 'lose-host', runbook: null, phrase: null, title: 'One VM is lost' },
  {
    id: 'serving-after-loss',
    runbook: null,
    phrase: null,
    title: "Every site still answers through the other nodes' Traefik"
  }
]

/** Runbook steps the bring-up cannot run, and why: each must be named here, with its reason. */
export const NOT_RUN: Readonly<Record<number, string>> = {
  1: 'the state bucket: the bring-up keeps its Terraform state in a local file',
  2: 'DigitalOcean tokens and SSH keys: there is no account; the hosts are containers',
  4: 'DNS and the nameserver switch: no domain is delegated to a test',
  7: 'after the switch: the temporary DNS records and the admins are a later pull request'
}

export interface RunbookStep {
  readonly number: number
  readonly title: string
  readonly text: string
}

const SECTION = '### From an empty DigitalOcean account'

/** The numbered steps of the README's runbook section, with their whole text (joined lines). */
export function runbookSteps(readme: string): RunbookStep[] {
  const start = readme.indexOf(SECTION)
  if (start < 0) return []
  const rest = readme.slice(start + SECTION.length)
  const end = rest.search(/\n#{1,3} /)
  const body = end < 0 ? rest : rest.slice(0, end)
  const steps: RunbookStep[] = []
  for (const line of body.split('\n')) {
    const item = /^(\d+)\. \*\*(.+?)\*\*(.*)$/.exec(line)
    if (item) {
      steps.push({ number: Number(item[1]), title: item[2] ?? '', text: item[3] ?? '' })
      continue
    }
    const last = steps.at(-1)
    if (last && line.trim() !== '')
      steps[steps.length - 1] = { ...last, text: `${last.text} ${line.trim()}` }
  }
  return steps.map(s => ({ ...s, text: s.text.replace(/\s+/g, ' ').trim() }))
}

/** Everything in which the README's runbook and the bring-up's steps disagree ([] when none). */
export function runbookProblems(
  readme: string,
  steps: readonly BringUpStep[] = BRING_UP_STEPS,
  notRun: Readonly<Record<number, string>> = NOT_RUN
): string[] {
  const runbook = runbookSteps(readme)
  if (runbook.length === 0) return [`the README has no numbered steps under "${SECTION}"`]
  const problems: string[] = []
  runbook.forEach((s, i) => {
    if (s.number !== i + 1) problems.push(`runbook step ${s.number} is numbered out of sequence`)
  })
  const byNumber = new Map(runbook.map(s => [s.number, s]))
  const ran = new Set(steps.flatMap(s => (s.runbook === null ? [] : [s.runbook])))
  for (const s of runbook) {
    if (ran.has(s.number) && notRun[s.number] !== undefined)
      problems.push(`runbook step ${s.number} (${s.title}) is both run and listed as not run`)
    if (!ran.has(s.number) && notRun[s.number] === undefined)
      problems.push(
        `runbook step ${s.number} (${s.title}) is neither run by the bring-up nor listed, with its reason, in NOT_RUN`
      )
  }
  for (const n of Object.keys(notRun).map(Number))
    if (!byNumber.has(n)) problems.push(`NOT_RUN names runbook step ${n}, which the README lacks`)
  let lastStep = 0
  let lastAt = -1
  for (const step of steps) {
    if (step.runbook === null) continue
    const s = byNumber.get(step.runbook)
    if (!s) {
      problems.push(`${step.id} carries out runbook step ${step.runbook}, which the README lacks`)
      continue
    }
    if (step.runbook < lastStep)
      problems.push(`${step.id} (runbook step ${step.runbook}) runs after runbook step ${lastStep}`)
    if (step.runbook !== lastStep) lastAt = -1
    lastStep = step.runbook
    const at = step.phrase === null ? -1 : s.text.indexOf(step.phrase)
    if (at < 0) {
      problems.push(
        `${step.id}: runbook step ${s.number} (${s.title}) does not say ${JSON.stringify(step.phrase)}`
      )
      continue
    }
    if (at < lastAt)
      problems.push(
        `${step.id}: runbook step ${s.number} says ${JSON.stringify(step.phrase)} before the step run ahead of it`
      )
    lastAt = at
  }
  return problems
}
