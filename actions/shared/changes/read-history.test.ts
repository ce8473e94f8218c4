import { describe, expect, it } from '@jest/globals'
import type { CommandResult, CommandRunner } from '../ports.js'
import type { RecordedRun } from './layer-runs.js'
import { readDeployHistory } from './read-history.js'

/**
 * readDeployHistory without a git: an in-memory main answers `merge-base --is-ancestor` and the
 * three-dot `diff --name-only` the way git does on a linear history (a commit it lacks: exit 128),
 * so each case says which bases are diffed and which are not. cli/commands/deploy-plan*.test.ts
 * run the same reading on a real repository.
 */

const sha = (c: string): string => c.repeat(40)
/** main, oldest first, with the files each commit changed; GONE was force-pushed away. */
const MAIN: ReadonlyArray<{ sha: string; files: readonly string[] }> = [
  { sha: sha('1'), files: ['terraform/main.tf'] },
  { sha: sha('2'), files: ['docker/website/index.html'] },
  { sha: sha('3'), files: ['nomad/www.nomad.hcl', 'README.md'] },
  { sha: sha('4'), files: ['ansible/site.yml'] }
]
const HEAD = sha('4')
const GONE = sha('9')
const ROOT = '/checkout'

function history(): { runner: CommandRunner; lines: string[] } {
  const lines: string[] = []
  const at = (c: string): number => MAIN.findIndex(m => m.sha === c)
  const answer = (args: readonly string[]): CommandResult => {
    const [dashC, root, sub, ...rest] = args
    if (dashC !== '-C' || root !== ROOT) return { exitCode: 128, stdout: '', stderr: 'no repo' }
    if (sub === 'merge-base' && rest[0] === '--is-ancestor' && rest.length === 3) {
      const [a, b] = [at(rest[1] ?? ''), at(rest[2] ?? '')]
      if (a < 0 || b < 0) return { exitCode: 128, stdout: '', stderr: 'fatal: Not a valid commit' }
      return { exitCode: a <= b ? 0 : 1, stdout: '', stderr: '' }
    }
    if (sub === 'diff' && rest.length === 5 && rest[0] === '--name-only') {
      const [a, b] = (rest[3] ?? '').split('...').map(at)
      if (a === undefined || b === undefined || a < 0 || b < 0)
        return { exitCode: 128, stdout: '', stderr: 'fatal: bad revision' }
      const files = [...new Set(MAIN.slice(a + 1, b + 1).flatMap(m => m.files))].sort()
      return { exitCode: 0, stdout: files.map(f => `${f}\n`).join(''), stderr: '' }
    }
    return { exitCode: 129, stdout: '', stderr: `unexpected git ${args.join(' ')}` }
  }
  return {
    lines,
    runner: {
      run: async (command, args) => {
        lines.push([command, ...args].join(' '))
        return command === 'git' ? answer(args) : { exitCode: 127, stdout: '', stderr: '' }
      }
    }
  }
}

const diffs = (lines: readonly string[]): string[] => lines.filter(l => l.includes(' diff '))

function run(n: number, head: string, jobs: Record<string, 'success' | 'failure'>): RecordedRun {
  return {
    id: 100 + n,
    run_number: n,
    head_sha: head,
    status: 'completed',
    conclusion: 'success',
    jobs: Object.entries(jobs).map(([name, conclusion]) => ({
      name,
      status: 'completed',
      conclusion
    }))
  }
}

describe('readDeployHistory: the last success and the push, from git', () => {
  it('a reachable last success: the files since it, and the push’s own files', async () => {
    const { runner, lines } = history()
    const read = await readDeployHistory(runner, {
      root: ROOT,
      head: HEAD,
      lastSuccess: sha('1'),
      before: sha('3')
    })
    expect(read).toEqual({
      head: HEAD,
      lastSuccess: sha('1'),
      lastSuccessReachable: true,
      filesSinceLastSuccess: [
        'README.md',
        'ansible/site.yml',
        'docker/website/index.html',
        'nomad/www.nomad.hcl'
      ],
      filesInPush: ['ansible/site.yml']
    })
    expect(diffs(lines)).toHaveLength(2)
  })

  it('SHAs as the workflow passes them (a trailing newline) are trimmed before git sees them', async () => {
    const { runner } = history()
    const read = await readDeployHistory(runner, {
      root: ROOT,
      head: HEAD,
      lastSuccess: ` ${sha('2')}\n`,
      before: `${sha('3')}\n`
    })
    expect(read.lastSuccess).toBe(sha('2'))
    expect(read.lastSuccessReachable).toBe(true)
    expect(read.filesInPush).toEqual(['ansible/site.yml'])
  })

  it('an unreachable last success (force push): not reachable, no files, no diff run against it', async () => {
    const { runner, lines } = history()
    const read = await readDeployHistory(runner, {
      root: ROOT,
      head: HEAD,
      lastSuccess: GONE,
      before: GONE
    })
    expect(read).toEqual({
      head: HEAD,
      lastSuccess: GONE,
      lastSuccessReachable: false,
      filesSinceLastSuccess: []
    })
    expect(diffs(lines)).toEqual([])
  })

  it('no last success and a new branch (all-zeros before, empty, blank): nothing to read', async () => {
    for (const none of [undefined, '', '  \n', '0'.repeat(40), `${'0'.repeat(40)}\n`]) {
      const { runner, lines } = history()
      const read = await readDeployHistory(runner, {
        root: ROOT,
        head: HEAD,
        ...(none === undefined ? {} : { lastSuccess: none, before: none })
      })
      expect(read).toStrictEqual({
        head: HEAD,
        lastSuccessReachable: false,
        filesSinceLastSuccess: []
      })
      expect(lines).toEqual([])
    }
  })

  it('a before that is not in head’s history (a force push) gives no push files', async () => {
    const { runner } = history()
    const read = await readDeployHistory(runner, {
      root: ROOT,
      head: sha('2'),
      lastSuccess: sha('1'),
      before: sha('3')
    })
    expect(read.filesInPush).toBeUndefined()
    expect(read.filesSinceLastSuccess).toEqual(['docker/website/index.html'])
  })
})

describe('readDeployHistory: each layer from its own last success', () => {
  it('reads the runs older than this one, and diffs each distinct layer success once', async () => {
    const { runner, lines } = history()
    const recorded = [
      run(5, HEAD, { 'terraform apply': 'success', ansible: 'success', 'nomad www': 'success' }),
      run(4, sha('3'), {
        'terraform apply': 'success',
        ansible: 'failure',
        'nomad www': 'success'
      }),
      run(3, sha('2'), {
        'terraform apply': 'success',
        ansible: 'success',
        'nomad www': 'success'
      }),
      run(2, GONE, { 'nomad website': 'success' })
    ]
    const read = await readDeployHistory(runner, {
      root: ROOT,
      head: HEAD,
      runs: { recorded, currentRun: 105 },
      jobs: ['www', 'website']
    })
    const layers = read.layers
    expect(layers?.runs.terraform.lastSuccess).toEqual({ sha: sha('3'), run: 4 })
    expect(layers?.runs.ansible.lastSuccess).toEqual({ sha: sha('2'), run: 3 })
    expect(layers?.runs.jobs['www']?.lastSuccess).toEqual({ sha: sha('3'), run: 4 })
    expect(layers?.runs.jobs['website']?.lastSuccess).toEqual({ sha: GONE, run: 2 })
    expect(layers?.filesSince).toStrictEqual({
      [sha('3')]: ['ansible/site.yml'],
      [sha('2')]: ['README.md', 'ansible/site.yml', 'nomad/www.nomad.hcl'],
      [GONE]: undefined
    })
    expect(diffs(lines)).toHaveLength(2)
  })

  it('without jobs, only terraform and ansible are read', async () => {
    const { runner } = history()
    const recorded = [run(3, sha('2'), { 'terraform apply': 'success', 'nomad www': 'success' })]
    const read = await readDeployHistory(runner, {
      root: ROOT,
      head: HEAD,
      runs: { recorded, currentRun: 999 }
    })
    expect(read.layers?.runs.jobs).toEqual({})
    expect(read.layers?.filesSince).toStrictEqual({
      [sha('2')]: ['README.md', 'ansible/site.yml', 'nomad/www.nomad.hcl']
    })
  })

  it('without runs there is no layer record', async () => {
    const { runner } = history()
    const read = await readDeployHistory(runner, { root: ROOT, head: HEAD })
    expect('layers' in read).toBe(false)
  })
})
