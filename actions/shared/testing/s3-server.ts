import { createRequire } from 'node:module'

/**
 * A real S3-protocol server on loopback for the backup tests: s3rver (npm), run in this process
 * on 127.0.0.1 and a free port. s3rver ships no types; this is the slice of its API we use
 * (lib/s3rver.js: `new S3rver(options)`, `run()` resolving to the bound address, `close()`).
 */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>
  close(): Promise<void>
}
type S3rverConstructor = new (options: {
  address: string
  port: number
  silent: boolean
  directory: string
  configureBuckets: ReadonlyArray<{ name: string }>
}) => S3rverInstance

export interface S3Server {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string
  close(): Promise<void>
}

export async function startS3Server(
  directory: string,
  buckets: readonly string[]
): Promise<S3Server> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map(name => ({ name }))
  })
  const { port } = await server.run()
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() }
}

/** s3rver accepts any signature; these are its documented default credentials. */
export const S3RVER_KEY = 'S3RVER'
