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
  const file = join(mkdtempSync(join(tmpdir(), 'healthz-')), 'Main.hs')
  writeFileSync(file, source)
  const run = spawnSync('sh', [script, file], { encoding: 'utf8' })
  return { status: run.status, stderr: run.stderr, result: readFileSync(file, 'utf8') }
}

// The shape of `serve` in src/backend/Main.hs at the pinned commit (fbaea7d): the route list of
// `Router.serve $ Router.oneOf $`, whose first entry is `top`.
const ROUTES =
  '      Router.serve $ Router.oneOf $\n' +
  '        [ top ==> ServeFile.misc artifacts "Elm Packages"\n' +
  '        , s "packages" ==> S.redirect\' "/" 301\n' +
  '        ]\n'

describe('healthz-route.sh', () => {
  test('adds GET /healthz right after the top route of the router Main.hs has', () => {
    const { status, result } = patch(ROUTES)
    expect(status).toBe(0)
    expect(result).toBe(
      '      Router.serve $ Router.oneOf $\n' +
        '        [ top ==> ServeFile.misc artifacts "Elm Packages"\n' +
        '        , s "healthz" ==> S.writeBS "ok\\n"\n' +
        '        , s "packages" ==> S.redirect\' "/" 301\n' +
        '        ]\n'
    )
  })
  test('fails the build, naming the file, when the pinned source lost its anchor', () => {
    // The 2017 Server.hs anchor the old script used is not there any more.
    const { status, stderr } = patch('        , ("robots.txt", serveFile "robots.txt")\n')
    expect(status).toBe(1)
    expect(stderr).toMatch(
      /no '\[ top ==> ServeFile.misc artifacts "Elm Packages"' route in .*Main.hs; update docker\/package-site\/healthz-route.sh/
    )
  })
})
