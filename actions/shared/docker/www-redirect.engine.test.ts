import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engines, requireEngine } from '../testing/engines.js'
import { type Nginx, freePort, httpGet, startNginx } from '../testing/nginx.js'

/**
 * docker/www/redirect.conf.template on Debian's real nginx: rendered the way the nginx image's
 * entrypoint renders it (envsubst of ${PORT} and ${REDIRECT_TO}), every path and query kept.
 */
const template = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'docker',
  'www',
  'redirect.conf.template'
)
const ready = requireEngine('nginx', engines.nginx())
const suite = ready ? describe : describe.skip

suite('www.elm-lang.org → elm-lang.org on real nginx', () => {
  let work: string
  let nginx: Nginx
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), '15-www-'))
    await chmod(work, 0o755)
    const port = await freePort()
    const config = (await readFile(template, 'utf8'))
      .replaceAll('${PORT}', `127.0.0.1:${port}`)
      .replaceAll('${REDIRECT_TO}', 'https://elm-lang.org')
    expect(config).not.toContain('${')
    nginx = await startNginx(work, config, port)
  })
  afterAll(async () => {
    await nginx.stop()
    await rm(work, { recursive: true, force: true })
  })

  test.each([
    ['/', 'https://elm-lang.org/'],
    ['/docs', 'https://elm-lang.org/docs'],
    ['/0.19.1/bad-recursion?x=1&y=%20', 'https://elm-lang.org/0.19.1/bad-recursion?x=1&y=%20'],
    ['/news/', 'https://elm-lang.org/news/']
  ])('%s → 301 %s', async (path, location) => {
    const got = await httpGet(nginx.port, path, { Host: 'www.elm-lang.org' })
    expect(got.status).toBe(301)
    expect(got.headers['location']).toBe(location)
  })

  test('/healthz answers 200 itself', async () => {
    const got = await httpGet(nginx.port, '/healthz')
    expect(got.status).toBe(200)
    expect(got.body.toString()).toBe('ok\n')
  })
})
