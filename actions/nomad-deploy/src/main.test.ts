import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Deployments } from '../../shared/github/ports.js'
import { inputsFrom } from '../../shared/inputs.js'
import type { NomadConfig } from '../../shared/nomad/client-config.js'
import {
  REPO_ROOT,
  type Target,
  clientFor,
  memoryLogger,
  startTarget
} from '../../shared/nomad/deploy-test-kit.js'
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
      return clientFor(config.address, systemClock)
    },
    createDeployments: () => deployments
  }
  return { deps, outputs, summaries, masked, configs, logger }
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
    const ca = first.configs[0]?.tls.caCert ?? ''
    expect(await readFile(ca, 'utf8')).toBe(`${inputs['nomad-ca-cert']}\n`)
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
    const { deps, outputs } = fakes(
      { 'job-file': 'package.json', 'nomad-addr': target.address },
      brokenGitHub
    )
    await expect(main(deps)).rejects.toThrow(
      /Deploy of package.json failed: Nomad refused POST \/v1\/jobs\/parse \(HTTP 400\): Failed to parse job/
    )
    expect(outputs['status']).toBe('failure')
  })

  it('refuses a job file outside the workspace', async () => {
    const { deps } = fakes({ 'job-file': '../../etc/passwd' }, brokenGitHub)
    await expect(main(deps)).rejects.toThrow(/expected a file inside the workspace/)
  })
})
