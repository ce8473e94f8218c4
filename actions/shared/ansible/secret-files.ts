import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A private folder (0700) of 0600 files holding secrets for one run; remove() deletes it all. */
export interface SecretFiles {
  readonly dir: string
  /**
   * A second private folder, short-pathed under the OS temp folder, for SSH's ControlPersist
   * sockets (a Unix socket path must stay under ~100 bytes, RUNNER_TEMP can be deep).
   */
  readonly controlDir: string
  write(name: string, content: string): Promise<string>
  remove(): Promise<void>
}

/** Creates the folder under `parent` (the runner's RUNNER_TEMP, else the OS temp folder). */
export async function createSecretFiles(parent: string = tmpdir()): Promise<SecretFiles> {
  const dir = await mkdtemp(join(parent, 'elm-infra-ansible-'))
  await chmod(dir, 0o700)
  let controlDir: string
  try {
    controlDir = await mkdtemp(join(tmpdir(), 'eia-'))
    await chmod(controlDir, 0o700)
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  return {
    dir,
    controlDir,
    async write(name, content) {
      const path = join(dir, name)
      await writeFile(path, content, { mode: 0o600, flag: 'wx' })
      await chmod(path, 0o600)
      return path
    },
    async remove() {
      await rm(dir, { recursive: true, force: true })
      await rm(controlDir, { recursive: true, force: true })
    }
  }
}
