import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** docker/package-site/healthz-route.sh patches the upstream Snap router; run it on a stand-in. */
const script = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'docker',
  'package-site',
  'healthz-route.sh'
)

function patch(source: string): { status: number | null; stderr: string; result: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'healthz-')), 'Server.hs')
  writeFileSync(file, source)
  const run = spawnSync('sh', [script, file], { encoding: 'utf8' })
  return { status: run.status, stderr: run.stderr, result: readFileSync(file, 'utf8') }
}

describe('healthz-route.sh', () => {
  test('adds the /healthz route before robots.txt in the static route list', () => {
    const { status, result } = patch(
      '      S.route\n        [ ("assets", serveDirectory "assets")\n        , ("robots.txt", serveFile "robots.txt")\n        ]\n'
    )
    expect(status).toBe(0)
    expect(result).toBe(
      '      S.route\n        [ ("assets", serveDirectory "assets")\n        , ("healthz", S.writeBS "ok\\n")\n        , ("robots.txt", serveFile "robots.txt")\n        ]\n'
    )
  })
  test('fails the build, naming the file, when the pinned source lost its anchor', () => {
    const { status, stderr } = patch('main = pure ()\n')
    expect(status).toBe(1)
    expect(stderr).toMatch(
      /no robots.txt route in .*Server.hs; update docker\/package-site\/healthz-route.sh/
    )
  })
})
