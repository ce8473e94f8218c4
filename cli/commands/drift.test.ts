import { describe, expect, test } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../test-support/run-cli.js'

/** A loopback port with nothing listening: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

describe('elm-infra drift', () => {
  test('Nomad unreachable: the layer is unknown with the reason, exit 1, never "in sync"', async () => {
    const port = await closedPort()
    const { code, out } = await cli(['drift', '--layers', 'nomad'], {
      NOMAD_ADDR: `http://127.0.0.1:${port}`
    })
    expect(code).toBe(1)
    expect(out).toContain('Drift unknown')
    expect(out).toMatch(/Nomad\s+unknown/)
    expect(out).toContain('ECONNREFUSED')
  })

  test('--json prints the report', async () => {
    const port = await closedPort()
    const { code, out } = await cli(['drift', '--layers', 'nomad', '--json'], {
      NOMAD_ADDR: `http://127.0.0.1:${port}`
    })
    expect(code).toBe(1)
    expect(JSON.parse(out)).toMatchObject({
      verdict: 'unknown',
      layers: [{ layer: 'nomad', status: 'unknown' }]
    })
  })

  test('a missing or malformed --ansible-extra-vars file is a usage error that hides the value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drift-cli-'))
    const missing = await cli([
      'drift',
      '--layers',
      'ansible',
      '--ansible-extra-vars',
      join(dir, 'nope.yml')
    ])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('does not exist: expected a readable file')
    await writeFile(join(dir, 'vars.yml'), '- not a mapping: s3cret-value\n')
    const bad = await cli([
      'drift',
      '--layers',
      'ansible',
      '--ansible-extra-vars',
      join(dir, 'vars.yml')
    ])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("'--ansible-extra-vars'")
    expect(bad.err).not.toContain('s3cret-value')
  })

  test('a bad layer name is a usage error', async () => {
    const { code, err } = await cli(['drift', '--layers', 'nomad,kubernetes'])
    expect(code).toBe(2)
    expect(err).toContain("'kubernetes'")
  })
})
