import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Deployments } from '../../shared/github/ports.js'
import { inputsFrom } from '../../shared/inputs.js'
import type { NomadConfig } from '../../shared/nomad/client/config.js'
import {
  REPO_ROOT,
  type Target,
  clientFor,
  memoryLogger,
  startTarget
} from '../../shared/nomad/deploy/test-kit.js'
import { systemClock } from '../../shared/ports.js'
import { type NomadDeployDeps, main } from './main.js'

/** main() with in-memory ports and the simulated cluster: wiring, outputs, GitHub best-effort, PEM inputs. */
let target: Target | undefined
let dir: string | undefined
afterEach(async () => {
  await target?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

function fakes(inputs: Record<string, string>, deployments: Deployments) {
  const outputs: Record<string, string> = {}
  const summaries: string[] = []
  const masked: string[] = []
  const configs: NomadConfig[] = []
  /** The CA file's text and mode as the client found it when it was made. */
  const caSeen: { text: string; mode: number }[] = []
  const logger = memoryLogger()
  const deps: NomadDeployDeps = {
    inputs: inputsFrom(inputs),
    logger,
    summary: { write: async md => void summaries.push(md) },
    outputs: { set: (k, v) => void (outputs[k] = v) },
    masker: { mask: s => void masked.push(s) },
    clock: systemClock,
    env: { GITHUB_REPOSITORY: 'elm/elm-infra', GITHUB_RUN_ID: '42' },
    root: REPO_ROOT,
    tempDir: dir ?? tmpdir(),
    createClient: config => {
      configs.push(config)
      if (config.tls.caCert)
        caSeen.push({
          text: readFileSync(config.tls.caCert, 'utf8'),
          mode: statSync(config.tls.caCert).mode & 0o777
        })
      return clientFor(config.address, systemClock)
    },
    createDeployments: () => deployments
  }
  return { deps, outputs, summaries, masked, configs, caSeen, logger }
}

const brokenGitHub: Deployments = {
  create: async () => {
    throw new Error('GitHub is down')
  },
  setStatus: async () => undefined
}

// Two deploys on a cold HCL WebAssembly parser: seconds on a busy machine.
jest.setTimeout(30_000)

describe('nomad-deploy main', () => {
  it('deploys a catalog service, then reports no changes on a rerun; a broken GitHub only warns', async () => {
    target = await startTarget()
    dir = await mkdtemp(join(tmpdir(), 'nomad-deploy-'))
    const inputs = {
      service: 'www',
      image: 'ghcr.io/elm/www@sha256:aa',
      version: '1',
      'nomad-addr': target.address,
      'nomad-token': 'tok-123',
      'nomad-ca-cert': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      'github-token': 'ghs_x'
    }
    const first = fakes(inputs, brokenGitHub)
    await main(first.deps)
    expect(first.outputs).toMatchObject({
      status: 'success',
      'job-version': '0',
      promoted: 'false',
      'github-deployment-id': ''
    })
    expect(first.masked).toEqual(expect.arrayContaining(['tok-123', 'ghs_x']))
    expect(first.logger.lines).toContain(
      'warning: Could not record a GitHub Deployment: GitHub is down'
    )
    // The PEM text reached the client as a private file, which is gone once the run ends.
    const ca = first.configs[0]?.tls.caCert ?? ''
    expect(ca.startsWith(dir)).toBe(true)
    expect(first.caSeen).toEqual([{ text: `${inputs['nomad-ca-cert']}\n`, mode: 0o600 }])
    expect(existsSync(ca)).toBe(false)
    expect(await readdir(dir)).toEqual([])
    expect(first.summaries[0]).toMatch(/## ✅ Deployed: `nomad\/www.nomad.hcl`/)

    const again = fakes(inputs, brokenGitHub)
    await main(again.deps)
    // Decided from the current version's own (successful) deployment, which it names.
    expect(again.outputs).toMatchObject({
      status: 'no-changes',
      'deployment-id': expect.stringMatching(/^[0-9a-f-]{36}$/)
    })
    expect(again.summaries[0]).toMatch(/✅ No changes/)
  })

  it('fails with Nomad’s message when the job file does not parse', async () => {
    target = await startTarget()
    dir = await mkdtemp(join(tmpdir(), 'nomad-deploy-'))
    const { deps, outputs, caSeen } = fakes(
      {
        'job-file': 'package.json',
        'nomad-addr': target.address,
        'nomad-ca-cert': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'
      },
      brokenGitHub
    )
    await expect(main(deps)).rejects.toThrow(
      /Deploy of package.json failed: Nomad refused POST \/v1\/jobs\/parse \(HTTP 400\): Failed to parse job/
    )
    expect(outputs['status']).toBe('failure')
    // A failed run removes the PEM files too.
    expect(caSeen).toHaveLength(1)
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a job file outside the workspace', async () => {
    const { deps } = fakes({ 'job-file': '../../etc/passwd' }, brokenGitHub)
    await expect(main(deps)).rejects.toThrow(/expected a file inside the workspace/)
  })
})
