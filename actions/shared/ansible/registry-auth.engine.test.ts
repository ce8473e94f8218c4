import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { DOCKER, engines, requireEngine } from '../testing/engines.js'

/**
 * The image-pull seam: the Nomad role's docker-auth.json.j2, rendered by Ansible's template module
 * exactly as on a node, given to Docker as its config.json, against a registry that refuses
 * anonymous pulls (a private GHCR package). The Nomad Docker driver reads the same file with
 * Docker's own config loader and hands the credentials to the daemon's pull (Nomad v2.0.5
 * drivers/docker/utils.go authFromDockerConfig → driver.go pullImage); here the Docker CLI does
 * both halves with that same loader.
 */
const exec = promisify(execFile)
const ROOT = join(import.meta.dirname, '..', '..', '..')
const REGISTRY_BIN = '/usr/bin/docker-registry'
const ready =
  requireEngine('docker', engines.docker()) &&
  requireEngine('ansible', engines.ansible()) &&
  requireEngine('docker-registry', {
    available: existsSync(REGISTRY_BIN),
    reason: 'docker-registry is not installed (apt-get install docker-registry)'
  })

const PORT = 20000 + Math.floor(Math.random() * 20000)
const REGISTRY = `127.0.0.1:${PORT}`
const IMAGE = `${REGISTRY}/elm/empty:${process.pid}`

describe('pull credentials from the nomad role, used by Docker against a private registry', () => {
  if (!ready) {
    it('is not run: no docker, ansible or docker-registry here (the warning above says why)', () =>
      expect(ready).toBe(false))
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-registry-auth-'))
  const withAuth = join(work, 'docker-config')
  const anonymous = join(work, 'anonymous')
  let registry: ChildProcess | undefined

  const docker = (config: string, ...args: string[]) =>
    exec(DOCKER, ['--config', config, ...args], { env: { ...process.env, DOCKER_BUILDKIT: '1' } })

  beforeAll(async () => {
    mkdirSync(withAuth)
    mkdirSync(anonymous)
    // The registry's htpasswd wants bcrypt; glibc's crypt(3) makes it ($2b$).
    const { stdout: hash } = await exec('/usr/bin/python3', [
      '-W',
      'ignore',
      '-c',
      "import crypt; print(crypt.crypt('ghcr-pull-token', crypt.mksalt(crypt.METHOD_BLOWFISH)))"
    ])
    writeFileSync(join(work, 'htpasswd'), `elm-pull:${hash.trim()}\n`)
    writeFileSync(
      join(work, 'registry.yml'),
      [
        'version: 0.1',
        'storage:',
        `  filesystem: { rootdirectory: ${join(work, 'storage')} }`,
        'http:',
        `  addr: ${REGISTRY}`,
        'auth:',
        `  htpasswd: { realm: test, path: ${join(work, 'htpasswd')} }`,
        ''
      ].join('\n')
    )
    registry = spawn(REGISTRY_BIN, ['serve', join(work, 'registry.yml')], { stdio: 'ignore' })
    for (let i = 0; i < 50; i++) {
      const answer = await fetch(`http://${REGISTRY}/v2/`).catch(() => undefined)
      if (answer?.status === 401) break
      await new Promise(resolve => setTimeout(resolve, 100))
    }

    // The real template, as the role writes /etc/nomad.d/docker-auth.json (here the registry is
    // this one instead of ghcr.io).
    writeFileSync(
      join(work, 'vars.json'),
      JSON.stringify({
        nomad_docker_registry_auths: [
          { registry: REGISTRY, username: 'elm-pull', password: 'ghcr-pull-token' }
        ]
      })
    )
    await exec(
      'ansible',
      [
        'localhost',
        '-c',
        'local',
        '-m',
        'ansible.builtin.template',
        '-a',
        `src=${join(ROOT, 'ansible', 'roles', 'nomad', 'templates', 'docker-auth.json.j2')} dest=${join(withAuth, 'config.json')} mode=0600`,
        '-e',
        `@${join(work, 'vars.json')}`
      ],
      {
        env: {
          ...process.env,
          ANSIBLE_LOCALHOST_WARNING: 'False',
          ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False'
        }
      }
    )

    // A tiny image, pushed with the same credentials.
    const tar = join(work, 'empty.tar')
    writeFileSync(join(work, 'hello'), 'hello\n')
    await exec('tar', ['-C', work, '-cf', tar, 'hello'])
    await docker(withAuth, 'import', tar, IMAGE)
    await docker(withAuth, 'push', IMAGE)
    await docker(withAuth, 'rmi', IMAGE)
  }, 120_000)

  afterAll(async () => {
    registry?.kill()
    await exec(DOCKER, ['rmi', '-f', IMAGE]).catch(() => undefined)
    rmSync(work, { recursive: true, force: true })
  }, 60_000)

  it('an anonymous pull is refused: the package is private', async () => {
    await expect(docker(anonymous, 'pull', IMAGE)).rejects.toThrow(
      /no basic auth credentials|unauthorized|authentication required/
    )
  }, 60_000)

  it('the rendered credentials pull it', async () => {
    const { stdout } = await docker(withAuth, 'pull', IMAGE)
    expect(stdout).toContain(IMAGE.split('/').slice(1).join('/'))
    await docker(withAuth, 'rmi', IMAGE)
  }, 60_000)
})
