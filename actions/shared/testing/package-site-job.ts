import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseHcl } from '../adapters/hcl-parse.js'

/**
 * The memory (MiB) nomad/package-site.nomad.hcl gives a task: the limit the backup tests and the
 * bench run backup.sh under, read from the job file so the two can never disagree.
 */
export async function packageSiteTaskMemory(root: string, task: string): Promise<number> {
  const file = join(root, 'nomad', 'package-site.nomad.hcl')
  const parsed = (await parseHcl(file, await readFile(file, 'utf8'))) as {
    job?: Record<
      string,
      {
        group?: Record<string, { task?: Record<string, { resources?: { memory?: number }[] }[]> }[]>
      }[]
    >
  }
  const job = parsed.job?.['package-site']?.[0]
  const found = job?.group?.['package-site']?.[0]?.task?.[task]?.[0]?.resources?.[0]?.memory
  if (typeof found !== 'number') throw new Error(`${file}: task "${task}" has no resources.memory`)
  return found
}
