import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engines } from '../actions/shared/testing/engines.js'
import {
  type LimitedRun,
  memoryCgroups,
  runLimited
} from '../actions/shared/testing/memory-cgroup.js'
import {
  REAL_SIZE,
  listFiles,
  registryOfShape
} from '../actions/shared/testing/package-registry.js'
import { packageSiteTaskMemory } from '../actions/shared/testing/package-site-job.js'
import { S3RVER_KEY, startS3Server } from '../actions/shared/testing/s3-server.js'
import type { BenchOptions, BenchRow } from './types.js'

const area = 'package-site'
/**
 * The headroom nomad/package-site.nomad.hcl names for the backup and restore tasks: their
 * `memory` must be at least this many times the largest resident set measured here.
 */
export const MEMORY_HEADROOM = 1.5

/**
 * docker/package-site/backup.sh at real size (62,007 files: 12,000 versions in 2,000 packages,
 * actions/shared/testing/package-registry.ts) against s3rver on loopback with Debian's rclone,
 * each run inside a memory cgroup of the task's `memory` from the job file: the first sync (the
 * seed), a sync with nothing new (what the sidecar does every minute), and a restore into an
 * empty volume (the prestart task). A run that fails, is OOM-killed, restores fewer files, or
 * whose peak resident set × the headroom exceeds the task's memory fails its row. `--smoke` runs
 * 1,000 versions.
 */
export async function bench(options: BenchOptions): Promise<BenchRow[]> {
  const shape = options.smoke ? { packages: 300, versions: 1000 } : REAL_SIZE
  const against = `s3rver on loopback + rclone 1.60, ${shape.versions} versions, in a memory cgroup`
  const rclone = engines.rclone()
  const cgroups = memoryCgroups()
  if (!rclone.available) {
    return [
      { area, metric: 'skipped', value: 0, unit: '-', note: `no engine: ${rclone.reason}`, against }
    ]
  }
  const unlimited = cgroups.available
    ? ''
    : ` (no memory cgroup: ${cgroups.reason}; run without the limit, judged by peak RSS)`
  const root = process.cwd()
  const script = join(root, 'docker', 'package-site', 'backup.sh')
  const registry = await registryOfShape(shape)
  const backupMiB = await packageSiteTaskMemory(root, 'backup')
  const restoreMiB = await packageSiteTaskMemory(root, 'restore')
  const work = await mkdtemp(join(tmpdir(), 'bench-package-site-'))
  const s3 = await startS3Server(join(work, 's3'), ['elm-packages'])
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('AWS_') && !k.startsWith('RCLONE_')) env[k] = v
  }
  Object.assign(env, {
    RCLONE_CONFIG_BACKUP_TYPE: 's3',
    RCLONE_CONFIG_BACKUP_PROVIDER: 'Other',
    RCLONE_CONFIG_BACKUP_ENDPOINT: s3.endpoint,
    RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID: S3RVER_KEY,
    RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY: S3RVER_KEY,
    RCLONE_CONFIG_BACKUP_FORCE_PATH_STYLE: 'true',
    RCLONE_CONFIG_DIR: work,
    BACKUP_BUCKET: 'elm-packages/bench',
    DATA_DIR: registry.dir
  })
  const rows: BenchRow[] = []
  const judge = (metric: string, limit: number, r: LimitedRun, extra = ''): void => {
    const ok = r.code === 0 && !r.oomKilled
    const fits = r.peakRssMiB * MEMORY_HEADROOM <= limit
    const verdict = !ok
      ? `MISSED: exit ${r.code}${r.oomKilled ? ' (OOM-killed)' : ''}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`
      : fits
        ? `peak × ${MEMORY_HEADROOM} ≤ ${limit} MiB: met`
        : `over the ${limit} MiB / ${MEMORY_HEADROOM} target`
    rows.push({
      area,
      metric: `${metric}: time`,
      value: r.seconds,
      unit: 's',
      note: `${verdict}${extra}${unlimited}`,
      against
    })
    rows.push({
      area,
      metric: `${metric}: peak resident set`,
      value: r.peakRssMiB,
      unit: 'MiB',
      note: `cgroup peak incl. page cache ${r.cgroupPeakMiB.toFixed(0)} MiB of ${limit}; ${verdict}`,
      against
    })
  }
  try {
    const backup = (limit: number, args: string[]): Promise<LimitedRun> =>
      runLimited(limit, 'sh', [script, ...args], env).done
    judge(
      `first sync, ${registry.files.length} files`,
      backupMiB,
      await backup(backupMiB, ['sync'])
    )
    judge('sync with nothing new (every minute)', backupMiB, await backup(backupMiB, ['sync']))
    const volume = join(work, 'volume')
    const restored = await backup(restoreMiB, ['restore-if-empty', volume])
    const files = (await listFiles(volume)).length
    judge(
      'restore into an empty volume',
      restoreMiB,
      files === registry.files.length ? restored : { ...restored, code: restored.code || 1 },
      `; ${files} of ${registry.files.length} files`
    )
  } finally {
    await s3.close()
    await rm(work, { recursive: true, force: true })
  }
  return rows
}
