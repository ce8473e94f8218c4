import { describe, expect, test } from '@jest/globals'
import { createServer } from 'node:net'
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

  test('a bad layer name is a usage error', async () => {
    const { code, err } = await cli(['drift', '--layers', 'nomad,kubernetes'])
    expect(code).toBe(2)
    expect(err).toContain("'kubernetes'")
  })
})
