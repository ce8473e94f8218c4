import { InputError } from '../../../actions/shared/errors.js'
import type { Terminal } from '../../terminal.js'
import { prefixedTerminal } from '../prefixed-terminal.js'
import { readClusterSpec } from './read-cluster.js'
import { renderNodeEvent } from './render.js'
import { type NodeEvent, simulateNodeEvent } from './simulate.js'

/**
 * `elm-infra rehearse --lose-node <node>` / `--drain <node>`: the real job files on a simulated
 * 3-node cluster; returns the exit code (0 only if every service survives).
 */
export async function rehearseNodeEvent(o: {
  readonly root: string
  readonly terminal: Terminal
  readonly event: NodeEvent
}): Promise<number> {
  const spec = await readClusterSpec(o.root)
  if (!spec.nodes.includes(o.event.node)) {
    throw new InputError(
      `--${o.event.kind === 'lose' ? 'lose-node' : 'drain'} is '${o.event.node}': expected one of ${spec.nodes.join(', ')} (the simulated cluster's nodes).`
    )
  }
  const result = simulateNodeEvent(spec, o.event)
  const terminal = prefixedTerminal(o.terminal, '[simulated]')
  // The timeline and the verdict are the command's answer: stdout.
  for (const line of renderNodeEvent(spec, result)) terminal.out(line)
  return result.ok ? 0 : 1
}
