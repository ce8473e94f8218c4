import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describeWithEngines } from '../../actions/shared/testing/describe-with-engines.js'
import { engines } from '../../actions/shared/testing/engines.js'
import { type Nginx, freePort, httpGet, startNginx } from '../../actions/shared/testing/nginx.js'
import { serverHealthcheck, siteTemplate } from './render.js'

/**
 * What new-service writes, run by the real programs that will run it: the static site's nginx
 * template by Debian's nginx (rendered as the nginx image's entrypoint renders it: only ${PORT}
 * is substituted, nginxinc/docker-nginx entrypoint/20-envsubst-on-templates.sh), and a server's
 * HEALTHCHECK command by sh against a real HTTP server, through each client it may find.
 */
const exec = promisify(execFile)
let dir = ''
let nginx: Nginx | undefined
let app: Server | undefined
let status = 200

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'new-service-render-'))
})
afterAll(async () => {
  await nginx?.stop()
  await new Promise(resolve => (app ? app.close(resolve) : resolve(undefined)))
  if (dir) await rm(dir, { recursive: true, force: true })
})

describeWithEngines({ nginx: engines.nginx() })('a static site’s nginx template', () => {
  it('answers /healthz, the home page, clean URLs, and 404 with the site’s page', async () => {
    const site = join(dir, 'site')
    await mkdir(join(site, 'docs'), { recursive: true })
    await writeFile(join(site, 'index.html'), 'home')
    await writeFile(join(site, 'about.html'), 'about')
    await writeFile(join(site, 'docs', 'index.html'), 'docs')
    await writeFile(join(site, '404.html'), 'not here')
    // nginx's workers run as another user (www-data here, 101 in the image): the site must be readable.
    for (const d of [dir, site, join(site, 'docs')]) await chmod(d, 0o755)
    const port = await freePort()
    const config = siteTemplate()
      .replaceAll('${PORT}', String(port))
      .replace('root /usr/share/nginx/html;', `root ${site};`)
    expect(config).not.toMatch(/\$\{/)
    nginx = await startNginx(join(dir, 'nginx'), config, port)
    const get = async (path: string): Promise<[number, string]> => {
      const answer = await httpGet(port, path)
      return [answer.status, answer.body.toString()]
    }
    expect(await get('/healthz')).toEqual([200, 'ok\n'])
    expect(await get('/')).toEqual([200, 'home'])
    expect(await get('/about')).toEqual([200, 'about'])
    expect(await get('/docs/')).toEqual([200, 'docs'])
    const docs = await httpGet(port, '/docs')
    expect([docs.status, docs.headers['location']]).toEqual([301, '/docs/'])
    expect(await get('/no-such-page')).toEqual([404, 'not here'])
    expect(await get('/404.html')).toEqual([404, 'not here'])
  })
})

describeWithEngines({})('a server’s HEALTHCHECK command', () => {
  /** The command as Docker runs it: the exec form's argv, with PORT in the environment. */
  const argv = JSON.parse(serverHealthcheck().split('CMD ')[1] ?? '[]') as string[]

  async function check(port: number, path: string): Promise<number> {
    try {
      await exec(argv[0] ?? 'sh', argv.slice(1), { env: { PORT: String(port), PATH: path } })
      return 0
    } catch (error) {
      return (error as { code?: number }).code ?? -1
    }
  }

  it.each([
    ['wget', 'wget'],
    ['curl', 'curl'],
    ['node', 'node']
  ])('with only %s on the PATH: 0 when /healthz answers 200, else not', async (_name, client) => {
    if (app === undefined) {
      app = createServer((req, res) => {
        res.statusCode = req.url === '/healthz' ? status : 404
        res.end()
      })
      await new Promise<void>(resolve => app?.listen(0, '127.0.0.1', resolve))
    }
    const port = (app.address() as AddressInfo).port
    // A PATH holding sh, the client and nothing else, so each branch of the command is taken.
    const bin = join(dir, `bin-${client}`)
    await mkdir(bin, { recursive: true })
    const { stdout } = await exec('sh', ['-c', `command -v ${client}`])
    await symlink(stdout.trim(), join(bin, client))
    await symlink((await exec('sh', ['-c', 'command -v sh'])).stdout.trim(), join(bin, 'sh'))
    status = 200
    expect(await check(port, bin)).toBe(0)
    status = 500
    expect(await check(port, bin)).not.toBe(0)
    const closed = await freePort()
    expect(await check(closed, bin)).not.toBe(0)
  })
})
