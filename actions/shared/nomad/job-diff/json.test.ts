import { describe, expect, jest, test } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { parseJobHcl } from './json.js'
import { canonicalizeJob } from '../simulated/canonicalize.js'
import { NomadError } from '../simulated/errors.js'
import { fixtureJobHcl } from '../simulated/harness.js'

// Parsing loads a WASM HCL parser; on a loaded CI machine that alone can take seconds.
jest.setTimeout(30_000)

type Loose = Record<string, unknown>

const group = (job: Loose): Loose => (job.TaskGroups as Loose[])[0] as Loose
const task = (job: Loose): Loose => (group(job).Tasks as Loose[])[0] as Loose

describe('parseJobHcl (POST /v1/jobs/parse)', () => {
  test('converts the fixture to the API job: PascalCase, nanoseconds, blocks as lists', async () => {
    const job = await parseJobHcl({ hcl: fixtureJobHcl() })
    expect(job).toMatchObject({
      ID: 'web',
      Name: 'web',
      Type: 'service',
      Datacenters: ['*'],
      Meta: { version: '1' },
      Region: null,
      Namespace: null,
      Priority: null
    })
    expect(group(job)).toMatchObject({
      Name: 'web',
      Count: 2,
      Update: {
        MaxParallel: 1,
        Canary: 1,
        AutoPromote: false,
        AutoRevert: true,
        MinHealthyTime: 10e9,
        HealthyDeadline: 180e9,
        ProgressDeadline: 600e9
      },
      Spreads: [{ Attribute: '${node.unique.id}', Weight: 100, SpreadTarget: [] }],
      Networks: [
        {
          DynamicPorts: [{ Label: 'http', Value: 0, To: 8080, HostNetwork: 'default' }],
          ReservedPorts: []
        }
      ],
      Services: [
        {
          Name: 'web',
          PortLabel: 'http',
          Tags: ['traefik.enable=true'],
          CanaryTags: ['traefik.enable=true', 'traefik.consulcatalog.canary=true'],
          Checks: [{ Type: 'http', Path: '/healthz', Interval: 10e9, Timeout: 2e9 }]
        }
      ]
    })
    expect(task(job)).toMatchObject({
      Name: 'server',
      Driver: 'docker',
      Config: { image: 'ghcr.io/elm/web:1', ports: ['http'] },
      Env: { VERSION: 'v-1' },
      Resources: { CPU: 100, MemoryMB: 128 }
    })
  })

  test.each([
    {
      name: 'a var-file value replaces the default',
      variables: 'image = "ghcr.io/elm/web@sha256:abc"\n',
      image: 'ghcr.io/elm/web@sha256:abc',
      env: 'v-1'
    },
    {
      name: 'several values, interpolated inside strings',
      variables: 'image = "i:2"\nversion = "2.0"\n',
      image: 'i:2',
      env: 'v-2.0'
    },
    { name: 'no variables: defaults', variables: '', image: 'ghcr.io/elm/web:1', env: 'v-1' }
  ])('$name', async c => {
    const job = await parseJobHcl({ hcl: fixtureJobHcl(), variables: c.variables })
    expect((task(job).Config as Loose).image).toBe(c.image)
    expect((task(job).Env as Loose).VERSION).toBe(c.env)
  })

  test('Canonicalize fills defaults and merges the update block', async () => {
    const job = await parseJobHcl({ hcl: fixtureJobHcl(), canonicalize: true })
    expect(job).toMatchObject({
      Namespace: 'default',
      Region: 'global',
      Priority: 50,
      Update: { MaxParallel: 1, HealthCheck: 'checks', Stagger: 30e9 }
    })
    expect(group(job).Update).toMatchObject({ HealthCheck: 'checks', Stagger: 30e9, Canary: 1 })
    expect(group(job).ReschedulePolicy).toMatchObject({
      Unlimited: true,
      DelayFunction: 'exponential',
      Delay: 30e9
    })
  })

  test('drops an undeclared variable, as Nomad does (a warning the HTTP answer never carries)', async () => {
    // jobspec2/types.variables.go: `undefSev := hcl.DiagWarning` unless Strict; the parse
    // endpoint (command/agent/job_endpoint.go JobsParseRequest) never sets Strict.
    const plain = await parseJobHcl({ hcl: fixtureJobHcl(), variables: '' })
    const withTypo = await parseJobHcl({ hcl: fixtureJobHcl(), variables: 'imgae = "evil:1"' })
    expect(withTypo).toEqual(plain)
    expect(JSON.stringify(withTypo)).not.toContain('evil:1')
  })

  test.each([
    { name: 'empty spec', hcl: '  ', variables: '', message: 'Job spec is empty' },
    { name: 'syntax error', hcl: 'job "x" {', variables: '', message: /^Failed to parse job: / },
    {
      name: 'unset variable',
      hcl: 'variable "image" {}\njob "x" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n    }\n  }\n}\n',
      variables: '',
      message: /^Failed to parse job: .*Unset variable "image"/
    },
    {
      name: 'unknown reference',
      hcl: 'job "x" {\n  meta {\n    a = var.nope\n  }\n}\n',
      variables: '',
      message: /Unsupported attribute/
    }
  ])('400 for $name', async c => {
    const error = await parseJobHcl({ hcl: c.hcl, variables: c.variables }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NomadError)
    expect((error as NomadError).status).toBe(400)
    if (typeof c.message === 'string') expect((error as NomadError).message).toBe(c.message)
    else expect((error as NomadError).message).toMatch(c.message)
  })

  test('canonicalizing twice changes nothing (register of a canonical parse result is a no-op)', async () => {
    const once = await parseJobHcl({ hcl: fixtureJobHcl(), canonicalize: true })
    expect(canonicalizeJob(once)).toEqual(once)
  })

  const repoJobs = readdirSync('nomad').filter(f => f.endsWith('.nomad.hcl'))
  test.each(repoJobs)('the repository job nomad/%s parses with an image variable', async file => {
    const job = await parseJobHcl({
      hcl: readFileSync(`nomad/${file}`, 'utf8'),
      variables: 'image = "registry/x@sha256:1"\nversion = "abc"\n',
      canonicalize: true
    })
    expect(job.ID).toBe(file.replace('.nomad.hcl', ''))
    expect((task(job).Config as Loose).image).toBe('registry/x@sha256:1')
    expect(group(job).Update).toMatchObject({ MaxParallel: 1 })
  })
})
