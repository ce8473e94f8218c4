import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ReadResult } from './api-reads.js'
import type { Engine } from './engine.js'
import { NomadError } from './errors.js'

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'Content-Type': contentType, ...headers })
  res.end(body)
}

export function sendError(res: ServerResponse, error: unknown): number {
  const status = error instanceof NomadError ? error.status : 500
  const message = error instanceof Error ? error.message : String(error)
  send(res, status, message, 'text/plain; charset=utf-8')
  return status
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** `WriteRequest.SecretID` of a register or plan body, used when no token header was sent. */
export function bodySecretId(method: string, path: string, bodyText: string): string {
  if (method !== 'PUT' && method !== 'POST') return ''
  if (path !== '/v1/jobs' && !/^\/v1\/job\/[^/]+(\/plan)?$/.test(path)) return ''
  try {
    const value = JSON.parse(bodyText) as unknown
    if (!value || typeof value !== 'object') return ''
    const entry = Object.entries(value).find(([k]) => k.toLowerCase() === 'secretid')
    return typeof entry?.[1] === 'string' ? entry[1].trim() : ''
  } catch {
    return ''
  }
}

/** Waits until the read's index passes `minIndex` (woken by writes, never polling) or `waitMs` passes. */
export function blockingRead(
  engine: Engine,
  read: () => ReadResult,
  minIndex: number,
  waitMs: number,
  closed: Promise<void>
): Promise<ReadResult> {
  const first = read()
  if (minIndex === 0 || first.index > minIndex) return Promise.resolve(first)
  return new Promise((resolve, reject) => {
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      unsubscribe()
      cancel()
      try {
        resolve(read())
      } catch (error) {
        reject(error)
      }
    }
    const unsubscribe = engine.store.subscribe(() => {
      try {
        if (read().index > minIndex) finish()
      } catch {
        finish()
      }
    })
    const cancel = engine.after(waitMs, finish)
    void closed.then(finish)
  })
}
