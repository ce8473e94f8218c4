import { describe, expect, it } from '@jest/globals'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PROMISES, span } from './promises.js'
import { readClusterSpec } from './read-cluster.js'
import { BEGIN, renderReadmeNumbers, withReadmeNumbers } from './readme-numbers.js'
import { cli } from '../../test-support/run-cli.js'

const repoRoot = join(import.meta.dirname, '..', '..', '..')
const README = join(repoRoot, 'README.md')

describe("the README's node-loss and drain numbers", () => {
  it('are what the rehearsal measures on the repository, with the promises the verdicts use', async () => {
    const block = renderReadmeNumbers(await readClusterSpec(repoRoot))
    const readme = await readFile(README, 'utf8')
    if (process.env['ELM_INFRA_WRITE_README'] === '1') {
      const updated = withReadmeNumbers(readme, block)
      if (updated !== undefined) await writeFile(README, updated)
    }
    expect(readme).toContain(BEGIN)
    expect(withReadmeNumbers(readme, block)).toBe(readme)
  })

  it('--help states the same promises', async () => {
    const { out } = await cli(['rehearse', '--help'])
    const flat = out.replace(/\s+/g, ' ')
    expect(flat).toContain(`for at most ${span(PROMISES.drainSingleWriterDownMs)}`)
    expect(flat).toContain(`back within ${span(PROMISES.loseSingleWriterDownMs)}`)
  })
})
