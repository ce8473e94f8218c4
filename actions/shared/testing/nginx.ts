import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

/**
 * Debian's real nginx on loopback for the config tests: `nginx -p DIR -c conf -g 'daemon off;'`
 * with everything (pid, logs, temp paths) under DIR, and the site config included in `http {}`.
 */
export interface Nginx {
  readonly port: number
  stop(): Promise<void>
}

/** A free loopback port: bind port 0, read it, release it. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise(resolve => probe.close(resolve))
  return port
}

export interface Answer {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: Buffer
}

export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
      )
    })
    req.on('error', reject)
    req.end()
  })
}

/** Writes nginx.conf around `siteConfig` in `dir`, checks it with `nginx -t`, starts nginx. */
export async function startNginx(dir: string, siteConfig: string, port: number): Promise<Nginx> {
  await mkdir(join(dir, 'logs'), { recursive: true })
  await writeFile(join(dir, 'site.conf'), siteConfig)
  await writeFile(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'logs', 'error.log')} warn;`,
      'events { worker_connections 64; }',
      'http {',
      '    include /etc/nginx/mime.types;',
      '    default_type application/octet-stream;',
      `    access_log ${join(dir, 'logs', 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        t => `    ${t}_temp_path ${join(dir, `${t}-temp`)};`
      ),
      `    include ${join(dir, 'site.conf')};`,
      '}',
      ''
    ].join('\n')
  )
  execFileSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' })
  const child: ChildProcess = spawn(
    'nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: 'ignore' }
  )
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      await httpGet(port, '/healthz')
      break
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGTERM')
        throw error
      }
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM')
      await new Promise(resolve => child.once('exit', resolve))
    }
  }
}
