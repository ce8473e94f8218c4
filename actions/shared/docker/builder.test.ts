import { describe, expect, test } from '@jest/globals'
import type { CommandRunner, RunOptions } from '../ports.js'
import {
  BuildError,
  buildCommand,
  buildImage,
  dockerLogin,
  ensureContainerBuilder,
  pushImage
} from './builder.js'
import { RegistryAuthError } from './registry-errors.js'

const request = {
  docker: 'docker',
  context: 'docker/website',
  reference: 'ghcr.io/elm/website:content-1',
  buildArgs: { BASE: 'local/busybox:static' },
  cacheScope: 'website',
  push: true
}

function fakeRunner(
  exitCode: number,
  stderr = ''
): CommandRunner & { calls: Array<[string, readonly string[], RunOptions | undefined]> } {
  const calls: Array<[string, readonly string[], RunOptions | undefined]> = []
  return {
    calls,
    run: async (command, args, options) => {
      calls.push([command, args, options])
      return { exitCode, stdout: '', stderr }
    }
  }
}

describe('buildCommand', () => {
  test('docker: BuildKit on, host network, plain progress', () => {
    const { args, env } = buildCommand({ ...request, kind: 'docker' })
    expect(env).toEqual({ DOCKER_BUILDKIT: '1' })
    expect(args).toEqual([
      'build',
      '--network',
      'host',
      '--progress=plain',
      '--tag',
      request.reference,
      '--file',
      'docker/website/Dockerfile',
      '--build-arg',
      'BASE=local/busybox:static',
      'docker/website'
    ])
  })
  test('buildx: GitHub Actions cache per service, push, no provenance index', () => {
    const { args } = buildCommand({ ...request, kind: 'buildx' })
    expect(args.slice(0, 2)).toEqual(['buildx', 'build'])
    expect(args).toContain('--provenance=false')
    expect(args).toContain('type=gha,scope=website')
    expect(args).toContain('type=gha,mode=max,scope=website')
    expect(args).toContain('--push')
  })
})

describe('errors', () => {
  test('a failing build names the step', async () => {
    const runner = fakeRunner(1, '#4 [2/2] RUN make\n#4 0.1 boom\n#4 ERROR: exit code: 2\n')
    const error = await buildImage(runner, { ...request, kind: 'docker' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BuildError)
    expect(String(error)).toContain('failed at step [2/2] RUN make: exit code: 2')
  })
  test('a refused push is an auth failure', async () => {
    const runner = fakeRunner(1, 'denied: permission_denied: write_package')
    await expect(pushImage(runner, 'docker', 'ghcr.io/elm/x:1')).rejects.toBeInstanceOf(
      RegistryAuthError
    )
  })
  test('login passes the token on stdin, never as an argument', async () => {
    const runner = fakeRunner(1, 'Error response from daemon: Get "https://ghcr.io/v2/": denied')
    const error = await dockerLogin(runner, 'docker', 'ghcr.io', 'bot', 's3cret').catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(RegistryAuthError)
    expect(runner.calls[0]?.[1]).not.toContain('s3cret')
    expect(runner.calls[0]?.[2]?.input).toBe('s3cret')
    expect(String(error)).not.toContain('s3cret')
  })
})

describe('ensureContainerBuilder', () => {
  const scripted = (answers: Record<string, { exitCode: number; stdout: string }>) => {
    const calls: string[] = []
    const runner: CommandRunner = {
      run: async (_cmd, args) => {
        const key = args.slice(0, 2).join(' ')
        calls.push(key)
        return { stderr: '', ...(answers[key] ?? { exitCode: 0, stdout: '' }) }
      }
    }
    return { runner, calls }
  }
  test('keeps a container builder that setup-buildx-action made', async () => {
    const { runner, calls } = scripted({
      'buildx inspect': { exitCode: 0, stdout: 'Name: x\nDriver: docker-container\n' }
    })
    expect(await ensureContainerBuilder(runner, 'docker')).toBe('docker-container')
    expect(calls).toEqual(['buildx inspect'])
  })
  test('creates one when the default docker driver is active', async () => {
    const { runner, calls } = scripted({
      'buildx inspect': { exitCode: 0, stdout: 'Name: default\nDriver: docker\n' },
      'buildx use': { exitCode: 1, stdout: '' }
    })
    expect(await ensureContainerBuilder(runner, 'docker')).toBe('docker-container')
    expect(calls).toEqual(['buildx inspect', 'buildx use', 'buildx create'])
  })
})
