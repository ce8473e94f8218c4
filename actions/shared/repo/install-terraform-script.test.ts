import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * scripts/install-terraform.sh (called by .ci/run) against a loopback mirror laid out like
 * releases.hashicorp.com: /terraform/<v>/terraform_<v>_linux_amd64.zip and its SHA256SUMS. The zip
 * holds a stand-in `terraform` that answers `version` as the real one does ("Terraform vX.Y.Z").
 * PATH is /usr/bin:/bin, so this machine's preinstalled /usr/local/bin/terraform is not seen.
 */
const SCRIPT = join(import.meta.dirname, '..', '..', '..', 'scripts', 'install-terraform.sh')
const PIN_FILE = join(import.meta.dirname, '..', '..', '..', 'terraform', '.terraform-version')
const VERSION = '1.11.4'
const ZIP = `terraform_${VERSION}_linux_amd64.zip`
const SUMS = `terraform_${VERSION}_SHA256SUMS`

let work = ''
let server: Server
let mirror = ''
const files = new Map<string, Buffer>()
const served: string[] = []

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

function run(
  args: { env?: Record<string, string>; path?: string; pinFromRepo?: boolean } = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {
    PATH: args.path ?? '/usr/bin:/bin',
    HOME: work,
    TERRAFORM_RELEASES_URL: mirror,
    TERRAFORM_VERSION: VERSION,
    ...args.env
  }
  // .ci/run calls the script with no TERRAFORM_VERSION: the pin then comes from the repository.
  if (args.pinFromRepo) delete env['TERRAFORM_VERSION']
  return new Promise(resolve => {
    execFile('bash', [SCRIPT], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
  })
}

async function standInZip(reports: string): Promise<Buffer> {
  const dir = await mkdtemp(join(work, 'zip-'))
  const bin = join(dir, 'terraform')
  await writeFile(bin, `#!/bin/sh\necho "${reports}"\necho "on linux_amd64"\n`)
  await chmod(bin, 0o755)
  await new Promise<void>((resolve, reject) =>
    execFile('zip', ['-q', '-j', join(dir, 'out.zip'), bin], e => (e ? reject(e) : resolve()))
  )
  return readFile(join(dir, 'out.zip'))
}

function publish(zip: Buffer, sumsHash = sha256(zip)): void {
  files.set(`/terraform/${VERSION}/${ZIP}`, zip)
  files.set(
    `/terraform/${VERSION}/${SUMS}`,
    Buffer.from(`${'0'.repeat(64)}  terraform_${VERSION}_darwin_arm64.zip\n${sumsHash}  ${ZIP}\n`)
  )
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), '18-install-terraform-'))
  server = createServer((req, res) => {
    served.push(req.url ?? '')
    const body = files.get(req.url ?? '')
    res.writeHead(body ? 200 : 404).end(body ?? 'not found')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
  await rm(work, { recursive: true, force: true })
})

describe('scripts/install-terraform.sh against a loopback mirror', () => {
  it('downloads, verifies and installs the pinned version where none is present', async () => {
    const zip = await standInZip(`Terraform v${VERSION}`)
    publish(zip)
    const dest = join(work, 'ok')
    served.length = 0
    const result = await run({
      env: { TERRAFORM_INSTALL_DIR: dest, TERRAFORM_SHA256: sha256(zip) }
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(served).toEqual([`/terraform/${VERSION}/${ZIP}`, `/terraform/${VERSION}/${SUMS}`])
    expect(await readdir(dest)).toEqual(['terraform'])
    expect(result.stdout).toContain(`Terraform ${VERSION} (linux_amd64, sha256 ${sha256(zip)})`)
  })

  it('installs nothing when the zip does not match SHA256SUMS', async () => {
    const zip = await standInZip(`Terraform v${VERSION}`)
    publish(zip, 'f'.repeat(64))
    const dest = join(work, 'tampered-sums')
    const result = await run({
      env: { TERRAFORM_INSTALL_DIR: dest, TERRAFORM_SHA256: sha256(zip) }
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`says ${'f'.repeat(64)} for ${ZIP}`)
    expect(result.stderr).toContain('nothing installed')
    await expect(readdir(dest)).rejects.toThrow('ENOENT')
  })

  it('installs nothing when the mirror serves another zip than the pinned checksum', async () => {
    const zip = await standInZip(`Terraform v${VERSION}`)
    publish(zip) // the mirror is consistent with itself, but not with the pin
    const dest = join(work, 'swapped')
    const result = await run({ env: { TERRAFORM_INSTALL_DIR: dest } })
    expect(result.code).toBe(1)
    // The real pin for linux_amd64 1.11.4, which no stand-in matches.
    expect(result.stderr).toContain(
      'the pinned checksum is 1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc'
    )
    await expect(readdir(dest)).rejects.toThrow('ENOENT')
  })

  it('installs nothing when the binary is not the version asked for', async () => {
    const zip = await standInZip('Terraform v1.10.0')
    publish(zip)
    const dest = join(work, 'wrong-version')
    const result = await run({
      env: { TERRAFORM_INSTALL_DIR: dest, TERRAFORM_SHA256: sha256(zip) }
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("reports 'Terraform v1.10.0', not 'Terraform v1.11.4'")
    await expect(readdir(dest)).rejects.toThrow('ENOENT')
  })

  it('fails clearly when the mirror has no such release', async () => {
    files.clear()
    const dest = join(work, 'missing')
    const result = await run({
      env: { TERRAFORM_INSTALL_DIR: dest, TERRAFORM_SHA256: 'a'.repeat(64) }
    })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('404')
    await expect(readdir(dest)).rejects.toThrow('ENOENT')
  })

  it('leaves a machine alone that already has the pinned version on PATH', async () => {
    const bin = join(work, 'present')
    await mkdir(bin, { recursive: true })
    await writeFile(join(bin, 'terraform'), `#!/bin/sh\necho "Terraform v${VERSION}"\n`)
    await chmod(join(bin, 'terraform'), 0o755)
    served.length = 0
    const result = await run({
      path: `${bin}:/usr/bin:/bin`,
      env: { TERRAFORM_INSTALL_DIR: join(work, 'untouched') }
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Terraform ${VERSION} is already on PATH`)
    expect(served).toEqual([])
  })

  it('reads the version from terraform/.terraform-version when none is given, as .ci/run calls it', async () => {
    const pinned = (await readFile(PIN_FILE, 'utf8')).trim()
    files.clear()
    served.length = 0
    const result = await run({
      pinFromRepo: true,
      env: { TERRAFORM_INSTALL_DIR: join(work, 'from-pin'), TERRAFORM_SHA256: 'a'.repeat(64) }
    })
    // The empty mirror answers 404, but the request names the repository's pinned version.
    expect(result.stderr).not.toContain('No such file')
    expect(served[0]).toBe(`/terraform/${pinned}/terraform_${pinned}_linux_amd64.zip`)
    expect(result.code).not.toBe(0)
  })

  it('refuses a version that is not exact', async () => {
    const result = await run({ env: { TERRAFORM_VERSION: '~> 1.11' } })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("version '~> 1.11' is not an exact version such as 1.11.4")
  })
})
