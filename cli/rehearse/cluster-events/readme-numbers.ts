import { promiseWords } from './promises.js'
import { type NodeEvent, simulateNodeEvent } from './simulate.js'
import type { ClusterSpec } from './spec.js'

/** The README's block between these markers is generated (readme-numbers.test.ts checks it). */
export const BEGIN =
  '<!-- rehearse-numbers:begin: generated from `rehearse --lose-node/--drain`; ELM_INFRA_WRITE_README=1 on readme-numbers.test.ts rewrites it -->'
export const END = '<!-- rehearse-numbers:end -->'

const seconds = (ms: number): string => (ms === 0 ? '0 s' : `${(ms / 1000).toFixed(1)} s`)

/**
 * The README's numbers for losing and draining each node, measured by the rehearsal itself on
 * the repository's job files (pure: the same spec gives the same text), and the promises the
 * verdicts judge against.
 */
export function renderReadmeNumbers(spec: ClusterSpec): string {
  const words = promiseWords()
  const rows: string[] = []
  for (const kind of ['lose', 'drain'] as const) {
    for (const node of spec.nodes) {
      const event: NodeEvent = { kind, node }
      const r = simulateNodeEvent(spec, event)
      for (const s of r.services) {
        rows.push(
          `| \`rehearse --${kind === 'lose' ? 'lose-node' : 'drain'} ${node}\` | ${s.service.name} | ${seconds(s.unavailableMs)} | ${seconds(s.noHealthyMs)} | ${s.lost} of ${s.served + s.lost} | ${s.ok ? 'ok' : '✖'} |`
        )
      }
    }
  }
  return [
    BEGIN,
    `The promises (\`cli/rehearse/cluster-events/promises.ts\`, which the verdicts read): **losing a node**: ${words.lose}; **draining a node**: ${words.drain}. What the rehearsal measures (one request per service every 100 ms through the load balancer):`,
    '',
    '| rehearsal | service | longest with no answer | longest without a healthy instance | requests lost | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    END
  ].join('\n')
}

/** The README with its generated block replaced (or undefined when the markers are missing). */
export function withReadmeNumbers(readme: string, block: string): string | undefined {
  const start = readme.indexOf(BEGIN)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) return undefined
  return `${readme.slice(0, start)}${block}${readme.slice(end + END.length)}`
}
