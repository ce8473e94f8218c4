import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A small service job; `image` is a variable so a test can register a changed one. */
function jobFile(id: string): string {
  return `variable "image" {
  type    = string
  default = "ghcr.io/elm/${id}:1"
}

job "${id}" {
  type        = "service"
  datacenters = ["*"]

  group "app" {
    count = 1

    task "app" {
      driver = "docker"

      config {
        image = var.image
      }

      resources {
        cpu    = 10
        memory = 16
      }
    }
  }
}
`
}

/** The job IDs writeManyJobs uses: job-000, job-001, … */
export function manyJobIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `job-${String(i).padStart(3, '0')}`)
}

/** A temporary repository root whose nomad/ holds `count` small job files. */
export async function writeManyJobs(count: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'drift-many-'))
  await mkdir(join(root, 'nomad'))
  for (const id of manyJobIds(count)) {
    await writeFile(join(root, 'nomad', `${id}.nomad.hcl`), jobFile(id))
  }
  return root
}
