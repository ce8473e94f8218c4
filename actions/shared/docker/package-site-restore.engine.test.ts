import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { engines, requireEngine } from '../testing/engines.js'
import { type LimitedRun, memoryCgroups, runLimited } from '../testing/memory-cgroup.js'
import { type GeneratedRegistry, listFiles, registryOfShape } from '../testing/package-registry.js'
import { packageSiteTaskMemory } from '../testing/package-site-job.js'
import { type S3Server, S3RVER_KEY, startS3Server } from '../testing/s3-server.js'

/**
 * docker/package-site/backup.sh and start.sh at scale, each backup.sh run inside a memory cgroup
 * limited to the memory nomad/package-site.nomad.hcl gives its task (`restore` for restores,
 * `backup` for syncs), against s3rver on loopback with Debian's rclone.
 *
 * Size: 1,000 versions in 300 packages (5,307 files) by default, so `npm test` stays within its
 * budget on 2 shared cores; ELM_INFRA_BACKUP_SCALE=real runs the same tests at 62,007 files (each
 * full pass then takes minutes on a loaded machine), and `npm run bench -- --area package-site`
 * always runs the real size and reports time and peak memory.
 */
const run = promisify(execFile)
const repo = join(import.meta.dirname, '..', '..', '..')
const script = join(repo, 'docker', 'package-site', 'backup.sh')
const start = join(repo, 'docker', 'package-site', 'start.sh')
const check = join(repo, 'docker', 'package-site', 'releases-check.mjs')
const BUCKET = 'elm-packages'
const REAL = process.env['ELM_INFRA_BACKUP_SCALE'] === 'real'
const SHAPE = REAL ? { packages: 2000, versions: 12000 } : { packages: 300, versions: 1000 }

let s3: S3Server
let work: string
let registry: GeneratedRegistry
let restoreMiB: number
let backupMiB: number
let prefix = 0

function envFor(bucketPath: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    // The machine's AWS_CA_BUNDLE makes rclone's S3 client refuse a plain-HTTP endpoint.
    if (v !== undefined && !k.startsWith('AWS_') && !k.startsWith('RCLONE_')) env[k] = v
  }
  return {
    ...env,
    RCLONE_CONFIG_BACKUP_TYPE: 's3',
    RCLONE_CONFIG_BACKUP_PROVIDER: 'Other',
    RCLONE_CONFIG_BACKUP_ENDPOINT: s3.endpoint,
    RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID: S3RVER_KEY,
    RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY: S3RVER_KEY,
    RCLONE_CONFIG_BACKUP_FORCE_PATH_STYLE: 'true',
    RCLONE_CONFIG_DIR: work,
    BACKUP_BUCKET: bucketPath,
    ...extra
  }
}

function freshBucketPath(): string {
  prefix += 1
  return `${BUCKET}/s${prefix}`
}

function backup(limitMiB: number, args: string[], env: NodeJS.ProcessEnv): Promise<LimitedRun> {
  return runLimited(limitMiB, 'sh', [script, ...args], env).done
}

let seed: { path: string; env: NodeJS.ProcessEnv } | undefined

/**
 * The backup of the generated registry: one full sync inside the backup task's memory, made once
 * (no test changes the backup: the refusals leave it as it was, which they check).
 */
async function seeded(): Promise<{ path: string; env: NodeJS.ProcessEnv }> {
  if (seed !== undefined) return seed
  const path = freshBucketPath()
  const env = envFor(path)
  const sync = await backup(backupMiB, ['sync'], { ...env, DATA_DIR: registry.dir })
  expect(sync.stderr).not.toMatch(/ERROR/)
  expect(sync).toMatchObject({ code: 0, oomKilled: false })
  seed = { path, env }
  return seed
}

/** A writable copy of the registry (the cached one is read-only for every test). */
async function copyOfRegistry(): Promise<string> {
  const dir = await mkdtemp(join(work, 'volume-'))
  await cp(registry.dir, dir, { recursive: true })
  await rm(join(dir, '.complete'))
  return dir
}

/** start.sh with a stand-in package-server that only says it started (and where). */
async function startServer(
  data: string,
  env: NodeJS.ProcessEnv
): Promise<{ code: number; out: string }> {
  const bin = await mkdtemp(join(work, 'bin-'))
  await writeFile(join(bin, 'package-server'), '#!/bin/sh\necho "package-server started in $PWD"\n')
  await chmod(join(bin, 'package-server'), 0o755)
  // The image installs backup.sh as package-site-backup (Dockerfile).
  await writeFile(join(bin, 'package-site-backup'), `#!/bin/sh\nexec sh ${script} "$@"\n`)
  await chmod(join(bin, 'package-site-backup'), 0o755)
  const token = join(bin, 'token')
  await writeFile(token, 'gho_test')
  try {
    const { stdout, stderr } = await run('bash', [start], {
      env: {
        ...env,
        PATH: `${bin}:${process.env['PATH'] ?? ''}`,
        DATA_DIR: data,
        GITHUB_TOKEN_FILE: token,
        RELEASES_CHECK: check,
        // The start logic only: no nginx front (package-site-nginx.engine.test.ts tests that).
        PACKAGE_SITE_FRONT: 'none'
      }
    })
    return { code: 0, out: stdout + stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, out: (e.stdout ?? '') + (e.stderr ?? '') }
  }
}

const dataOnly = (files: readonly string[]): string[] =>
  files.filter(
    f =>
      !f.startsWith('.') &&
      !/^(build\.sh|elm\.json|src|assets|robots\.txt|node_modules|artifacts)/.test(f)
  )

const ready = requireEngine('rclone', engines.rclone())
if (ready && !memoryCgroups().available) {
  // The logic below is still tested; only the memory limit is not enforced (see memory-cgroup.ts).
  process.stderr.write(
    `\n*** package-site-restore: ${memoryCgroups().reason}: backup.sh runs WITHOUT the task's memory limit here. ***\n`
  )
}
const suite = ready ? describe : describe.skip

suite(
  `package-site backup.sh at ${SHAPE.versions} versions inside the tasks' memory (s3rver + rclone)`,
  () => {
    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), '26-restore-'))
      s3 = await startS3Server(join(work, 's3'), [BUCKET])
      registry = await registryOfShape(SHAPE)
      restoreMiB = await packageSiteTaskMemory(repo, 'restore')
      backupMiB = await packageSiteTaskMemory(repo, 'backup')
    }, 600_000)
    afterAll(async () => {
      await s3.close()
      await rm(work, { recursive: true, force: true })
    }, 120_000)

    test('a restore killed at a third leaves no registry in place; start.sh refuses it; restore-if-empty resumes and brings every file back', async () => {
      const { env } = await seeded()
      const volume = await mkdtemp(join(work, 'volume-'))
      const restoring = runLimited(restoreMiB, 'sh', [script, 'restore-if-empty', volume], env)
      const third = Math.ceil(registry.files.length / 3)
      const deadline = Date.now() + 900_000
      while ((await listFiles(join(volume, '.restore'))).length < third && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 200))
      }
      restoring.kill()
      const killed = await restoring.done
      expect(killed.code).toBe(137)
      const partial = (await listFiles(join(volume, '.restore'))).length
      expect(partial).toBeGreaterThanOrEqual(third)
      expect(partial).toBeLessThan(registry.files.length)
      // Nothing of the partial restore is where the server reads: packages/ appears only at the end.
      expect(dataOnly(await listFiles(volume))).toEqual([])

      const refused = await startServer(volume, env)
      expect(refused.code).toBe(1)
      expect(refused.out).toMatch(
        /\.restore is an unfinished restore; refusing to start on a partial registry/
      )
      expect(refused.out).not.toMatch(/package-server started/)

      const resumed = await backup(restoreMiB, ['restore-if-empty', volume], env)
      expect(resumed).toMatchObject({ code: 0, oomKilled: false })
      expect(resumed.stdout).toMatch(/interrupted restore; resuming it/)
      expect(resumed.stdout).toMatch(new RegExp(`restored ${registry.versions} package versions`))
      expect(await listFiles(volume)).toEqual(registry.files)
      for (const file of [registry.files[0], registry.files.at(-1), registry.files[third]]) {
        expect(await readFile(join(volume, file ?? ''))).toEqual(
          await readFile(join(registry.dir, file ?? ''))
        )
      }
      const started = await startServer(volume, env)
      expect(started).toMatchObject({ code: 0 })
      expect(started.out).toMatch(/package-server started/)
    }, 1_800_000)

    test('the sidecar refuses to sync a volume holding fewer versions than the backup, however few go missing', async () => {
      const { path, env } = await seeded()
      const volume = await copyOfRegistry()
      // One version gone: under --max-delete (5 files), so only the version count can stop it.
      const gone = registry.files.find(f => f.endsWith('/time.dat')) ?? ''
      await rm(join(volume, gone, '..'), { recursive: true })
      const refused = await backup(backupMiB, ['sync'], { ...env, DATA_DIR: volume })
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(
        new RegExp(
          `holds ${registry.versions - 1} package versions, the backup ${registry.versions}; refusing to sync a shrunken registry`
        )
      )
      const { stdout } = await run(
        'rclone',
        ['lsf', `backup:${path}/current/${gone.replace(/time\.dat$/, '')}`],
        { env }
      )
      expect(stdout.split('\n').filter(l => l !== '')).toHaveLength(5)
    }, 1_800_000)

    test('a releases.json cut by a lost write is found at start and restored from the backup, with the version published since', async () => {
      const { env } = await seeded()
      const volume = await copyOfRegistry()
      const releases = registry.files.find(f => f.endsWith('/releases.json')) ?? ''
      const pkgDir = join(volume, releases, '..')
      const before = JSON.parse(await readFile(join(volume, releases), 'utf8')) as Record<
        string,
        number
      >
      // A publish after the last sync (Register.hs: the five files, time.dat last), then the VM is
      // lost while Releases.add rewrites releases.json in place: the file is cut.
      const next = join(pkgDir, '99.0.0')
      await mkdir(next)
      for (const f of ['elm.json.gz', 'docs.json.gz', 'README.md.gz'])
        await writeFile(join(next, f), gzipSync('{}'))
      await writeFile(join(next, 'endpoint.json'), '{"url":"u","hash":"h"}')
      await writeFile(join(next, 'time.dat'), '1700000000')
      await writeFile(join(volume, releases), '{\n    "1.0.0": 15')

      const started = await startServer(volume, env)
      expect(started.out).toMatch(
        new RegExp(`${releases} is missing or corrupt .*restoring it from the backup`)
      )
      expect(started).toMatchObject({ code: 0 })
      expect(started.out).toMatch(/package-server started/)
      const repaired = JSON.parse(await readFile(join(volume, releases), 'utf8')) as Record<
        string,
        number
      >
      expect(repaired).toEqual({ ...before, '99.0.0': 1700000000 })
    }, 1_800_000)

    test('without a backup configured, start.sh names the corrupt file and does not start', async () => {
      const volume = await copyOfRegistry()
      const releases = registry.files.find(f => f.endsWith('/releases.json')) ?? ''
      await writeFile(join(volume, releases), '')
      const env = { ...process.env }
      delete env['BACKUP_BUCKET']
      const refused = await startServer(volume, env)
      expect(refused.code).toBe(1)
      expect(refused.out).toContain(
        `would stop the server and no backup is configured (BACKUP_BUCKET): ${releases}`
      )
    }, 600_000)
  }
)
