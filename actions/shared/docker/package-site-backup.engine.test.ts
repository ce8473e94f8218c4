import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { engines, requireEngine } from '../testing/engines.js'
import { type S3Server, S3RVER_KEY, startS3Server } from '../testing/s3-server.js'

/**
 * docker/package-site/backup.sh, the script the package-site job's `restore` (prestart) and
 * `backup` (sidecar) tasks run, against a real S3-protocol server (s3rver) on loopback with the
 * real rclone. Async processes only: s3rver runs in this process's event loop.
 */
const run = promisify(execFile)
const script = join(import.meta.dirname, '..', '..', '..', 'docker', 'package-site', 'backup.sh')
const BUCKET = 'elm-packages'

interface Result {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

let s3: S3Server
let work: string
let prefix = 0

function envFor(endpoint: string, bucketPath: string, extra: Record<string, string> = {}) {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    // The machine's AWS_CA_BUNDLE makes rclone's S3 client refuse a plain-HTTP endpoint.
    if (v !== undefined && !k.startsWith('AWS_') && !k.startsWith('RCLONE_')) env[k] = v
  }
  return {
    ...env,
    RCLONE_CONFIG_BACKUP_TYPE: 's3',
    RCLONE_CONFIG_BACKUP_PROVIDER: 'Other',
    RCLONE_CONFIG_BACKUP_ENDPOINT: endpoint,
    RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID: S3RVER_KEY,
    RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY: S3RVER_KEY,
    RCLONE_CONFIG_BACKUP_FORCE_PATH_STYLE: 'true',
    RCLONE_CONFIG_DIR: work,
    BACKUP_BUCKET: bucketPath,
    ...extra
  }
}

/** A fresh prefix in the bucket per test, so tests do not see each other's objects. */
function freshBucketPath(): string {
  prefix += 1
  return `${BUCKET}/t${prefix}`
}

async function backup(args: string[], env: Record<string, string>): Promise<Result> {
  try {
    const { stdout, stderr } = await run('sh', [script, ...args], { env, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/** Every file under dir (relative paths, symlinks included), sorted. */
async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter(e => e.isFile() || e.isSymbolicLink())
    .map(e => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

/** Objects under the bucket path, as rclone lists them. */
async function remoteFiles(env: Record<string, string>, path: string): Promise<string[]> {
  const { stdout } = await run('rclone', ['lsf', '-R', '--files-only', '--fast-list', path], {
    env
  })
  return stdout
    .split('\n')
    .filter(l => l !== '')
    .sort()
}

/**
 * A registry laid out the way package.elm-lang.org writes it into its working directory
 * (Package/Path.hs, Package/Register.hs, Memory.hs, Sitemap.hs, Legacy.hs), plus what start.sh and
 * build.sh leave there that is NOT data (code links, elm-stuff, artifacts, temp files).
 */
async function writeRegistry(dir: string): Promise<void> {
  const version = join(dir, 'packages', 'elm', 'core', '1.0.5')
  await mkdir(version, { recursive: true })
  await writeFile(join(dir, 'packages', 'elm', 'core', 'releases.json'), '{"1.0.5":1583192186}')
  await writeFile(join(version, 'elm.json.gz'), gzipSync('{"type":"package","name":"elm/core"}'))
  await writeFile(join(version, 'docs.json.gz'), gzipSync('[]'))
  await writeFile(join(version, 'README.md.gz'), gzipSync('# core\n'))
  await writeFile(join(version, 'endpoint.json'), '{"url":"https://x","hash":"y"}')
  await writeFile(join(version, 'time.dat'), '1583192186')
  await mkdir(join(dir, 'legacy'), { recursive: true })
  await writeFile(join(dir, 'legacy', 'all-packages.18.json'), '[]')
  await writeFile(join(dir, 'all-packages.json'), '{"elm/core":["1.0.5"]}')
  await writeFile(join(dir, 'search.json.gz'), gzipSync('[]'))
  await writeFile(join(dir, 'sitemap.xml'), '<urlset/>')
  // Not data: must never reach the bucket.
  await symlink('/opt/package-site/build.sh', join(dir, 'build.sh'))
  await mkdir(join(dir, 'elm-stuff', '0.19.1'), { recursive: true })
  await writeFile(join(dir, 'elm-stuff', '0.19.1', 'd.dat'), 'x')
  await mkdir(join(dir, 'artifacts'), { recursive: true })
  await writeFile(join(dir, 'artifacts', 'abc123'), 'js')
  await writeFile(join(dir, 'temp-all-packages.json'), '{')
}

const DATA = [
  'all-packages.json',
  'legacy/all-packages.18.json',
  'packages/elm/core/1.0.5/README.md.gz',
  'packages/elm/core/1.0.5/docs.json.gz',
  'packages/elm/core/1.0.5/elm.json.gz',
  'packages/elm/core/1.0.5/endpoint.json',
  'packages/elm/core/1.0.5/time.dat',
  'packages/elm/core/releases.json',
  'search.json.gz',
  'sitemap.xml'
]

async function newDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(work, `${name}-`))
  return dir
}

const ready = requireEngine('rclone', engines.rclone())
const suite = ready ? describe : describe.skip

suite('package-site backup.sh against a loopback S3 server (s3rver + rclone)', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), '15-backup-'))
    s3 = await startS3Server(join(work, 's3'), [BUCKET])
  })
  afterAll(async () => {
    await s3.close()
    await rm(work, { recursive: true, force: true })
  })

  test('sync then restore into an empty directory gives back exactly the data, nothing else', async () => {
    const path = freshBucketPath()
    const env = envFor(s3.endpoint, path)
    const data = await newDir('data')
    await writeRegistry(data)
    const synced = await backup(['sync'], { ...env, DATA_DIR: data })
    expect(synced).toMatchObject({ code: 0 })
    expect(await remoteFiles(env, `backup:${path}/current`)).toEqual(DATA)

    const empty = join(await newDir('restore'), 'volume')
    const restored = await backup(['restore', empty], env)
    expect(restored.code).toBe(0)
    expect(restored.stdout).toMatch(/restored 1 package versions/)
    expect(await listFiles(empty)).toEqual(DATA)
    for (const file of DATA) {
      expect(await readFile(join(empty, file))).toEqual(await readFile(join(data, file)))
    }
  })

  test('sync refuses an empty data directory and leaves the backup as it was', async () => {
    const path = freshBucketPath()
    const env = envFor(s3.endpoint, path)
    const data = await newDir('data')
    await writeRegistry(data)
    expect((await backup(['sync'], { ...env, DATA_DIR: data })).code).toBe(0)
    const fresh = await newDir('fresh')
    // What Memory.init leaves on a new volume: an all-packages.json for no packages.
    await mkdir(join(fresh, 'packages'))
    await writeFile(join(fresh, 'all-packages.json'), '{}')
    const refused = await backup(['sync'], { ...env, DATA_DIR: fresh })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/holds no releases\.json; refusing to sync an empty registry/)
    expect(await remoteFiles(env, `backup:${path}/current`)).toEqual(DATA)
  })

  test('a publish is synced; the files it rewrote are kept under attic/<time>/', async () => {
    const path = freshBucketPath()
    const env = envFor(s3.endpoint, path)
    const data = await newDir('data')
    await writeRegistry(data)
    expect((await backup(['sync'], { ...env, DATA_DIR: data })).code).toBe(0)
    // Package/Register.hs writes the new version's files, then Memory rewrites the indexes.
    const next = join(data, 'packages', 'elm', 'core', '1.0.6')
    await mkdir(next)
    await writeFile(join(next, 'elm.json.gz'), gzipSync('{"type":"package"}'))
    await writeFile(join(data, 'all-packages.json'), '{"elm/core":["1.0.5","1.0.6"]}')
    expect((await backup(['sync'], { ...env, DATA_DIR: data })).code).toBe(0)

    expect(await remoteFiles(env, `backup:${path}/current`)).toContain(
      'packages/elm/core/1.0.6/elm.json.gz'
    )
    const attic = await remoteFiles(env, `backup:${path}/attic`)
    expect(attic).toHaveLength(1)
    expect(attic[0]).toMatch(/^\d{8}T\d{6}Z\/all-packages\.json$/)
    const { stdout } = await run('rclone', ['cat', `backup:${path}/attic/${attic[0] ?? ''}`], {
      env
    })
    expect(stdout).toBe('{"elm/core":["1.0.5"]}')
  })

  test('a sync that would delete many files is stopped (--max-delete)', async () => {
    const path = freshBucketPath()
    const env = envFor(s3.endpoint, path, { BACKUP_MAX_DELETE: '3' })
    const data = await newDir('data')
    await writeRegistry(data)
    expect((await backup(['sync'], { ...env, DATA_DIR: data })).code).toBe(0)
    await rm(join(data, 'packages', 'elm', 'core', '1.0.5'), { recursive: true })
    const stopped = await backup(['sync'], { ...env, DATA_DIR: data })
    expect(stopped.code).not.toBe(0)
    expect(await remoteFiles(env, `backup:${path}/current`)).toEqual(
      expect.arrayContaining(['packages/elm/core/1.0.5/docs.json.gz'])
    )
  })

  test('restore refuses a directory that holds a registry unless --force', async () => {
    const path = freshBucketPath()
    const env = envFor(s3.endpoint, path)
    const data = await newDir('data')
    await writeRegistry(data)
    expect((await backup(['sync'], { ...env, DATA_DIR: data })).code).toBe(0)
    const refused = await backup(['restore', data], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/already holds a registry .* pass --force/)
    await writeFile(join(data, 'all-packages.json'), 'changed')
    expect((await backup(['restore', data, '--force'], env)).code).toBe(0)
    expect(await readFile(join(data, 'all-packages.json'), 'utf8')).toBe('{"elm/core":["1.0.5"]}')
  })

  test('restore-if-empty (the prestart task): fills an empty volume, leaves a full one alone', async () => {
    const path = freshBucketPath()
    const env = envFor(s3.endpoint, path)
    const data = await newDir('data')
    await writeRegistry(data)
    expect((await backup(['sync'], { ...env, DATA_DIR: data })).code).toBe(0)

    const volume = await newDir('volume')
    const filled = await backup(['restore-if-empty', volume], env)
    expect(filled.code).toBe(0)
    expect(await listFiles(volume)).toEqual(DATA)

    await writeFile(join(volume, 'packages', 'elm', 'core', 'releases.json'), '{"1.0.5":1}')
    const left = await backup(['restore-if-empty', volume], env)
    expect(left).toMatchObject({ code: 0 })
    expect(left.stdout).toMatch(/holds a registry; nothing to restore/)
    expect(await readFile(join(volume, 'packages', 'elm', 'core', 'releases.json'), 'utf8')).toBe(
      '{"1.0.5":1}'
    )
  })

  test('restore-if-empty on an empty backup fails (seed first) unless PACKAGE_SITE_ALLOW_EMPTY=1', async () => {
    const path = freshBucketPath()
    const volume = await newDir('volume')
    const failed = await backup(['restore-if-empty', volume], envFor(s3.endpoint, path))
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/holds no registry .* seed it first/)
    const allowed = await backup(
      ['restore-if-empty', volume],
      envFor(s3.endpoint, path, { PACKAGE_SITE_ALLOW_EMPTY: '1' })
    )
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toMatch(/starting an empty registry/)
  })

  test('bad usage says what is accepted (exit 2)', async () => {
    const result = await backup(['backup-now'], envFor(s3.endpoint, freshBucketPath()))
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/usage: backup\.sh sync \| loop \| restore DIR/)
  })

  test('loop pings the monitor after each sync, and <url>/fail when a sync fails', async () => {
    const pings: string[] = []
    const monitor: Server = createServer((req, res) => {
      pings.push(req.url ?? '')
      res.end('OK')
    })
    await new Promise<void>(resolve => monitor.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(monitor.address() as AddressInfo).port}/ping/abc`
    const data = await newDir('data')
    await writeRegistry(data)
    const good = envFor(s3.endpoint, freshBucketPath(), {
      DATA_DIR: data,
      BACKUP_INTERVAL: '1',
      BACKUP_PING_URL: url
    })
    // A data directory with no registry makes every sync fail.
    const bad = { ...good, DATA_DIR: await newDir('empty') }
    const loop = async (env: Record<string, string>, want: string): Promise<void> => {
      const child = spawn('sh', [script, 'loop'], { env, stdio: 'ignore' })
      const deadline = Date.now() + 30_000
      while (!pings.includes(want) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      child.kill('SIGTERM')
      await new Promise(resolve => child.once('exit', resolve))
    }
    await loop(good, '/ping/abc')
    await loop(bad, '/ping/abc/fail')
    monitor.close()
    expect(pings).toContain('/ping/abc')
    expect(pings).toContain('/ping/abc/fail')
  })
})
