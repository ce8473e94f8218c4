/**
 * Issue #17 ("a maintainer can trust at 3 a.m."): each problem as the issue writes it, reproduced
 * against the real CLI in-process, and now answered. Items 6–9 are in trust-6-9.test.ts.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { type IncomingMessage, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimulatedCluster } from '../../actions/shared/nomad/simulated/cluster.js'
import { serveSimulatedNomad } from '../../actions/shared/nomad/simulated/http.js'
import { EXIT, runCli } from '../program.js'
import { type RootProbe, findRepoRoot, fsRootProbe } from '../repo-root.js'
import { pipeSafe, type Terminal } from '../terminal.js'
import { cli } from '../test-support/run-cli.js'
import { repoVolumes } from '../../actions/shared/nomad/simulated/repo-volumes.js'

jest.setTimeout(60_000)

const repoRoot = join(import.meta.dirname, '..', '..')
const fast = ['--speed', '300']
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

/** A loopback HTTP server that records every request and answers 500: "a real cluster". */
async function recordingServer(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = []
  const server: Server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`)
    res.writeHead(500).end('{}')
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  cleanups.push(() => new Promise(done => server.close(() => done())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

describe('1. rehearse never touches a real cluster implicitly', () => {
  it('NOMAD_ADDR exported: rehearse stays simulated and sends nothing there', async () => {
    const real = await recordingServer()
    const { code, err } = await cli(['rehearse', ...fast], { NOMAD_ADDR: real.url })
    expect(code).toBe(EXIT.ok)
    expect(real.seen).toEqual([])
    expect(err).toContain('simulated')
    expect(err).toContain('NOMAD_ADDR is ignored')
  })

  it('--target where nobody can answer: refuses before any request, says --yes', async () => {
    const real = await recordingServer()
    const { code, err } = await cli(['rehearse', ...fast, '--target', real.url])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain('--yes')
    expect(err).toContain(real.url)
    expect(real.seen).toEqual([])
  })

  it('--target on a TTY: prints the cluster and the plan, a "no" registers nothing', async () => {
    const cluster = new SimulatedCluster({
      volumes: repoVolumes(join(import.meta.dirname, '..', '..')),
      nodes: [{}, {}],
      health: { healthyAfterMs: 50 }
    })
    const server = await serveSimulatedNomad(cluster)
    cleanups.push(async () => {
      await server.close()
      cluster.close()
    })
    const questions: string[] = []
    const { code, err } = await cli(['rehearse', ...fast, '--target', server.url], {}, repoRoot, {
      confirm: async q => {
        questions.push(q)
        return false
      }
    })
    expect(code).toBe(EXIT.failure)
    expect(questions).toHaveLength(1)
    expect(questions[0]).toContain(`REAL Nomad cluster at ${server.url}`)
    expect(questions[0]).toContain('package-site 1.1.0')
    expect(err).toMatch(/plan package-site 1\.1\.0 on/)
    expect(err).toContain('Not confirmed: nothing was deployed.')
    expect(server.requests.map(r => `${r.method} ${r.path}`)).not.toContain('POST /v1/jobs')
    expect(cluster.job('package-site')).toBeUndefined()
  })

  it('--real reads NOMAD_ADDR only then; --yes deploys for scripts', async () => {
    const cluster = new SimulatedCluster({
      volumes: repoVolumes(join(import.meta.dirname, '..', '..')),
      nodes: [{}, {}],
      health: { healthyAfterMs: 50 }
    })
    const server = await serveSimulatedNomad(cluster)
    cleanups.push(async () => {
      await server.close()
      cluster.close()
    })
    const noAddr = await cli(['rehearse', '--real', '--yes'])
    expect(noAddr.code).toBe(EXIT.usage)
    expect(noAddr.err).toContain('NOMAD_ADDR')
    const { code } = await cli(['rehearse', '--real', '--yes', '--timeout', '1m'], {
      NOMAD_ADDR: server.url
    })
    expect(code).toBe(EXIT.ok)
    expect(cluster.job('package-site')?.Meta?.['version']).toBe('1.1.0')
  })

  it('deploy shows the plan and asks the same way', async () => {
    const real = await recordingServer()
    const refused = await cli(['deploy', 'package-site', '1.3'], { NOMAD_ADDR: real.url })
    expect(refused.code).toBe(EXIT.usage)
    expect(refused.err).toContain('--yes')
    expect(real.seen).toEqual([])
    const cluster = new SimulatedCluster({
      volumes: repoVolumes(join(import.meta.dirname, '..', '..')),
      nodes: [{}, {}],
      health: { healthyAfterMs: 50 }
    })
    const server = await serveSimulatedNomad(cluster)
    cleanups.push(async () => {
      await server.close()
      cluster.close()
    })
    const asked: string[] = []
    const no = await cli(['deploy', 'package-site', '1.3', '--target', server.url], {}, repoRoot, {
      confirm: async q => {
        asked.push(q)
        return false
      }
    })
    expect(no.code).toBe(EXIT.failure)
    expect(asked[0]).toContain(`Deploy package-site 1.3 (ghcr.io/elm/package-site:1.3)`)
    expect(no.err).toContain("Job 'package-site' is new")
    expect(cluster.job('package-site')).toBeUndefined()
  })
})

describe('4. a closed pipe does not turn a failure into success', () => {
  /** `… | head -1`: a real pipe into a real `head`, which exits after one line. */
  function headOne(): { terminal: Terminal; done: Promise<void> } {
    const head = spawn('head', ['-1'], { stdio: ['pipe', 'ignore', 'ignore'] })
    const pipe = pipeSafe(head.stdin)
    const done = new Promise<void>(resolve => head.on('exit', () => resolve()))
    return {
      terminal: { out: t => pipe.write(t), err: t => pipe.write(t), isTTY: false },
      done
    }
  }

  it('rehearse --unhealthy package-site | head -1 exits 1', async () => {
    const { terminal, done } = headOne()
    const code = await runCli(['rehearse', ...fast, '--unhealthy', 'package-site'], {
      terminal,
      env: {},
      cwd: repoRoot,
      exitCode: 0
    })
    await done
    expect(code).toBe(EXIT.failure)
  })

  it('deploy … | head: the watch still fails the deployment at its deadline (Nomad reverts)', async () => {
    // Canaries never become healthy: only our deadline can end this deployment.
    const cluster = new SimulatedCluster({
      volumes: repoVolumes(join(import.meta.dirname, '..', '..')),
      nodes: [{}, {}],
      health: 'manual'
    })
    const server = await serveSimulatedNomad(cluster)
    cleanups.push(async () => {
      await server.close()
      cluster.close()
    })
    const { terminal, done } = headOne()
    const code = await runCli(
      ['deploy', 'website', '1.3', '--target', server.url, '--yes', '--timeout', '2s'],
      { terminal, env: {}, cwd: repoRoot, exitCode: 0 }
    )
    await done
    expect(code).toBe(EXIT.failure)
    expect(cluster.deployments('website')[0]?.Status).toBe('failed')
  })

  it('pipeSafe drops writes after EPIPE and rethrows other stream errors', async () => {
    const { terminal, done } = headOne()
    terminal.out('one')
    await done
    for (let i = 0; i < 200; i++) terminal.out(`line ${i} ${'x'.repeat(1000)}`)
    await new Promise(r => setTimeout(r, 50))
    const listeners: ((e: NodeJS.ErrnoException) => void)[] = []
    pipeSafe({ write: () => true, on: (_e, l) => listeners.push(l) })
    const other = Object.assign(new Error('disk full'), { code: 'ENOSPC' })
    expect(() => listeners[0]?.(other)).toThrow('disk full')
  })
})

describe('2. from a subfolder, the repository root is found', () => {
  const nomadDir = join(repoRoot, 'nomad')

  it('cd nomad && services lists every service', async () => {
    const { code, out } = await cli(['services'], {}, nomadDir)
    expect(code).toBe(EXIT.ok)
    const files = (await readdir(nomadDir)).filter(f => f.endsWith('.nomad.hcl'))
    expect(files.length).toBeGreaterThan(0)
    expect(out).toContain('package-site')
    expect(out).toContain('website')
  })

  it('cd nomad && deploy package-site 1.3 finds the service (no empty "expected one of")', async () => {
    const { err } = await cli(
      ['deploy', 'package-site', '1.3', '--target', 'http://127.0.0.1:1'],
      {},
      nomadDir
    )
    expect(err).not.toContain('expected one of')
    expect(err).not.toContain('Unknown service')
    expect(err).toContain('--yes')
  })

  it('cd nomad && parse-command accepts a valid command', async () => {
    const dir = await mkdtemp(join(tmpdir(), '17-event-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const { CORPUS_DIR } = await import('../../actions/shared/testing/corpus.js')
    const { readFile } = await import('node:fs/promises')
    const payload = JSON.parse(
      await readFile(
        join(CORPUS_DIR, 'github-events/atlantis/githubIssueCommentEvent.json'),
        'utf8'
      )
    ) as { comment: { body: string } }
    payload.comment.body = '/deploy package-site 1.3'
    await writeFile(join(dir, 'event.json'), JSON.stringify(payload))
    const { code, out } = await cli(
      ['parse-command', '--event', join(dir, 'event.json')],
      {},
      nomadDir
    )
    expect(code).toBe(EXIT.ok)
    expect(JSON.parse(out)).toMatchObject({ decision: 'deploy', service: 'package-site' })
  })

  it('cd nomad && changes sees a change to a job file (not "none")', async () => {
    const { code, out } = await cli(['changes', '--base', 'HEAD~0', '--json'], {}, nomadDir)
    expect(code).toBe(EXIT.ok)
    // Not a claim about this checkout's diff: the catalog was found (services named in "all").
    const everything = await cli(['changes', '--base', '0'.repeat(40), '--json'], {}, nomadDir)
    expect(JSON.parse(everything.out).services).toEqual(
      expect.arrayContaining(['package-site', 'website', 'www'])
    )
    expect(JSON.parse(out)).toHaveProperty('services')
  })

  it('findRepoRoot: git top level first, else the nearest folder with nomad/ and docker/, else a clear error', async () => {
    const dirs = new Set(['/r/nomad', '/r/docker', '/r/sub/nomad', '/r/sub/docker'])
    const probe = (top: string | undefined): RootProbe => ({
      isDirectory: async p => dirs.has(p),
      gitTopLevel: async () => top
    })
    expect(await findRepoRoot('/r/sub/nomad', undefined, probe('/r'))).toBe('/r')
    expect(await findRepoRoot('/r/sub/nomad', undefined, probe(undefined))).toBe('/r/sub')
    expect(await findRepoRoot('/r/nomad', undefined, probe('/elsewhere'))).toBe('/r')
    expect(await findRepoRoot('/r', 'sub', probe(undefined))).toBe('/r/sub')
    await expect(findRepoRoot('/r/x', 'sub', probe(undefined))).rejects.toThrow(
      '/r/x/sub is not an elm-infra repository'
    )
    await expect(findRepoRoot('/elsewhere', undefined, probe(undefined))).rejects.toThrow(
      'No elm-infra repository at or above /elsewhere'
    )
  })

  it('--root that is not a repository is a usage error naming what is expected', async () => {
    const { code, err } = await cli(['services', '--root', tmpdir()])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain('expected a folder holding nomad/ and docker/')
    const outside = await cli(['services'], {}, tmpdir())
    expect(outside.code).toBe(EXIT.usage)
    expect(outside.err).toContain('--root')
    expect(await findRepoRoot(nomadDir, undefined, fsRootProbe)).toBe(repoRoot)
  })
})

describe('3. changes checks refs before git sees them', () => {
  it.each([
    ['--base=--output=/tmp/x', 'looks like an option'],
    ['--base=', 'empty'],
    ['--base=HEAD..main', '".."'],
    ['--base=a b', 'whitespace']
  ])('%s is refused with exit 2', async (arg, why) => {
    const dir = await mkdtemp(join(tmpdir(), '17-out-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const { code, err, out } = await cli(['changes', arg.replace('/tmp/x', join(dir, 'x'))])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain(why)
    expect(out).not.toContain('unchanged')
    expect(await readdir(dir)).toEqual([])
  })

  it('--head starting with - is refused too, and git itself gets --end-of-options', async () => {
    const { code, err } = await cli(['changes', '--base', 'HEAD', '--head', '-p'])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain("--head <sha>: '-p' looks like an option")
    const { listChangedFiles } = await import('../../actions/shared/changes/git-diff.js')
    const calls: string[][] = []
    await listChangedFiles(
      { run: async (_c, args) => (calls.push([...args]), { exitCode: 0, stdout: '', stderr: '' }) },
      repoRoot,
      'abc',
      'HEAD'
    )
    expect(calls[0]).toEqual(expect.arrayContaining(['--end-of-options', 'abc...HEAD']))
    expect(calls[0]!.indexOf('--end-of-options')).toBeLessThan(calls[0]!.indexOf('abc...HEAD'))
  })
})

describe('5. an unreadable NOMAD_CACERT is one clear line, not a stack trace', () => {
  it('names the setting and the file, exit 1', async () => {
    const { code, err } = await cli(['deploy', 'package-site', '1.3', '--yes'], {
      NOMAD_ADDR: 'https://127.0.0.1:1',
      NOMAD_CACERT: '/nonexistent/ca.pem'
    })
    expect(code).toBe(EXIT.failure)
    expect(err).toContain("NOMAD_CACERT is '/nonexistent/ca.pem', which cannot be read (ENOENT)")
    expect(err).not.toMatch(/^\s+at /m)
  })
})
