import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { loadCatalog } from '../catalog/load-catalog.js'

const exec = promisify(execFile)

/**
 * Runs `docker/smoke-test.sh --plan <service>` of the repository at `repo`, with that repository's
 * catalog in CATALOG (as images.yml passes it): what the smoke test would check, without Docker.
 */
export async function smokePlan(
  repo: string,
  service: string
): Promise<{ code: number; out: string; err: string }> {
  const catalog = JSON.stringify(await loadCatalog(repo))
  try {
    const { stdout, stderr } = await exec(
      'bash',
      [join(repo, 'docker', 'smoke-test.sh'), '--plan', service],
      { env: { ...process.env, CATALOG: catalog } }
    )
    return { code: 0, out: stdout, err: stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      out: e.stdout ?? '',
      err: e.stderr ?? ''
    }
  }
}
