/**
 * What the Terraform/OpenTofu CLI's human plan says, read off its text (tests only): the ground
 * truth that summarisePlan's counts are checked against. The phrases are the renderer's own:
 * hashicorp/terraform v1.11.4 internal/command/jsonformat/plan.go `renderHuman` (the `Plan:` line,
 * "No changes."), `renderHumanDiffDrift` (the "Objects have changed outside of Terraform" note) and
 * `resourceChangeComment` (one `# <address> …` header per object shown).
 */

export interface PlanLine {
  readonly import: number
  readonly add: number
  readonly change: number
  readonly destroy: number
}

/**
 * The `Plan: [N to import, ]N to add, N to change, N to destroy.` line; undefined when the CLI
 * printed none (it prints one exactly when it shows resource changes).
 */
export function planLine(human: string): PlanLine | undefined {
  const m = /^Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy\./m.exec(
    human
  )
  return m
    ? { import: Number(m[1] ?? 0), add: Number(m[2]), change: Number(m[3]), destroy: Number(m[4]) }
    : undefined
}

/** The `Plan:` line's figures, all 0 when there is none ("No changes.", outputs only). */
export function planLineOrZero(human: string): PlanLine {
  return planLine(human) ?? { import: 0, add: 0, change: 0, destroy: 0 }
}

/**
 * The addresses of the objects listed under the "Objects have changed outside of Terraform/OpenTofu" note: one
 * `  # <address> has changed|has been deleted|has moved to …` header each (a `# (moved from …)`
 * second line is not another object). The note ends with the paragraph that starts "Unless you
 * have made equivalent changes" (a normal plan) or "This is a refresh-only plan".
 */
export function driftShown(human: string): string[] {
  const start = human.search(/^Note: Objects have changed outside of /m)
  if (start < 0) return []
  const rest = human.slice(start)
  const end = rest.search(/^(Unless you have made equivalent changes|This is a refresh-only plan)/m)
  const note = end < 0 ? rest : rest.slice(0, end)
  // `# <old> has moved to <new>` names the object by its new address, as the JSON does.
  return [
    ...note.matchAll(/^ {1,2}# (\S+) (?:has changed|has been deleted|has moved to (\S+))$/gm)
  ].map(m => m[2] ?? m[1] ?? '')
}

function plannedSection(human: string): string {
  const start = human.search(/^\S+ (will perform|planned) the following actions/m)
  if (start < 0) return ''
  const rest = human.slice(start)
  const end = rest.search(/^Plan: /m)
  return end < 0 ? rest : rest.slice(0, end)
}

/** Planned objects shown as moved: `# <old> has moved to <new>` or `# (moved from <old>)`. */
export function movedShown(human: string): number {
  return [
    ...plannedSection(human).matchAll(/^ {1,2}# (\S+ has moved to \S+|\(moved from \S+\))$/gm)
  ].length
}

/**
 * The addresses of the objects the CLI shows as planned: one `# <address> will …|must …|is …|has
 * moved to …` header each, between "<tool> will perform the following actions:" and the `Plan:`
 * line (a `# (because …)` or `# (moved from …)` second line is not another object).
 */
export function plannedShown(human: string): string[] {
  return [
    ...plannedSection(human).matchAll(
      /^ {1,2}# (\S+(?: \(deposed object \S+\))?) (?:will|must|is|has moved to (\S+)$)/gm
    )
  ].map(m => m[2] ?? m[1] ?? '')
}

/**
 * Objects the CLI says it will stop managing without destroying them: a `removed` block with
 * `destroy = false`, or a deposed object left over from a failed replacement.
 */
export function forgetShown(human: string): number {
  return [
    ...human.matchAll(
      /^ {1,2}# \S+ will (no longer be managed by|be removed from \S+ state, but)/gm
    )
  ].length
}

export interface OutputShown {
  /** `+` create, `~` update, `-` delete (format.DiffActionSymbol). */
  readonly symbol: string
  readonly name: string
  /** The rest of the line after `= `: the whole value when it fits on one line. */
  readonly text: string
}

/**
 * The outputs under "Changes to Outputs:", in the CLI's order: one `  <symbol> <name> = <value>`
 * line each (jsonformat/plan.go `renderHumanDiffOutputs`); deeper lines belong to a value.
 */
export function outputsShown(human: string): OutputShown[] {
  const start = human.search(/^Changes to Outputs:$/m)
  if (start < 0) return []
  const section = human.slice(start).split(/\n\n(?! )/)[0] ?? ''
  return [...section.matchAll(/^ {2}([+~-]) (\S+) *= (.*)$/gm)].map(m => ({
    symbol: m[1] ?? '',
    name: m[2] ?? '',
    text: m[3] ?? ''
  }))
}

/** Whether the CLI said there is nothing to do. */
export function saysNoChanges(human: string): boolean {
  return /^No changes\./m.test(human)
}
