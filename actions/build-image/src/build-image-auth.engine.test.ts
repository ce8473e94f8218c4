import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { RegistryAuthError } from '../../shared/docker/registry-errors.js'
import { createTempRepo } from '../../shared/docker/fixtures/temp-repo.js'
import { DOCKER, engines, requireEngine } from '../../shared/testing/engines.js'
import { runBuildImage } from '../fixtures/harness.js'
import { startRefusingRegistry } from '../fixtures/refusing-registry.js'

const run = requireEngine('docker', engines.docker())
const TOKEN = 'ghs_notARealTokenButSecretAnyway'

describe('build-image: registry auth failure', () => {
  if (!run) {
    it('is not run: no docker engine here (the warning above says why)', () =>
      expect(run).toBe(false))
    return
  }
  let registry: Awaited<ReturnType<typeof startRefusingRegistry>>
  let root = ''
  beforeAll(async () => {
    registry = await startRefusingRegistry()
    root = await createTempRepo({
      www: join(import.meta.dirname, '..', 'fixtures', 'contexts', 'www')
    })
  })
  afterAll(async () => {
    await registry.close()
    rmSync(root, { recursive: true, force: true })
  })

  it.each([
    [
      'docker login refuses the token (push: true)',
      'true',
      /docker login to 127\.0\.0\.1:\d+ as 'bot' was refused/
    ],
    [
      'the registry API refuses the token (push: false)',
      'false',
      /refused access as 'bot' to repository:elm\/www:pull \(HTTP 401\)/
    ]
  ])(
    '%s: a clear auth error, token masked and never printed',
    async (_name, push, message) => {
      const record = await runBuildImage(
        root,
        {
          services: 'www',
          sha: 'abc1234',
          registry: registry.host,
          'github-token': TOKEN,
          username: 'bot',
          push
        },
        DOCKER
      )
      expect(record.error).toBeInstanceOf(RegistryAuthError)
      expect(String(record.error)).toMatch(/^RegistryAuthError: Registry auth failure: /)
      expect(String(record.error)).toMatch(message)
      expect(String(record.error)).toContain('github-token')
      expect(record.masked).toEqual([TOKEN])
      expect([String(record.error), record.summary, ...record.log].join('\n')).not.toContain(TOKEN)
    },
    30_000
  )
})
