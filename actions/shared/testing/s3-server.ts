import { stat } from 'node:fs/promises'
import { readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/**
 * A real S3-protocol server on loopback for the backup tests: s3rver (npm, 3.7.1), run in this
 * process on 127.0.0.1 and a free port. s3rver ships no types; this is the slice of its API we use
 * (lib/s3rver.js: `new S3rver(options)`, `run()` resolving to the bound address, `close()`, and
 * its `store`, lib/stores/filesystem.js).
 *
 * Two places where s3rver 3.7.1 answers what S3 never does are corrected here, on this instance
 * (node_modules is untouched); both appear only at real size (62,000 objects, rclone without
 * --fast-list), and each made a correct backup.sh fail:
 * - `putObject` resolves when its Transform has seen the body, before the file stream has written
 *   it, so a HEAD right after the PUT reads a short file: rclone reports "corrupted on transfer:
 *   sizes differ 115 vs 0" for a few files per 62,000. S3 is strongly consistent: a PUT's answer
 *   means the object is readable ("Amazon S3 data consistency model", S3 user guide). Here the PUT
 *   answers once the object file on disk has its full size.
 * - `listObjects` with a delimiter prunes every folder below a common prefix before it has seen an
 *   object in it, so a prefix holding only deeper objects (`current/packages/`: nothing directly in
 *   it) is missing from CommonPrefixes: rclone's directory walk never sees packages/ and uploads
 *   everything again at every sync, and a restore copies none of it. S3's ListObjectsV2 returns
 *   every distinct prefix up to the next delimiter (API reference, ListObjectsV2,
 *   "CommonPrefixes"). Here a `/`-delimited listing of a folder prefix reads that folder alone:
 *   its object files are the keys, its sub-folders the common prefixes. It answers in one page
 *   (S3 pages at 1,000 keys: no folder of the test registry holds that many).
 */
interface S3rverObject {
  readonly key: string
}
interface FilesystemStore {
  putObject(object: { bucket: string; key: string }): Promise<{ size: number; md5: string }>
  listObjects(
    bucket: string,
    options: { delimiter?: string; prefix?: string; startAfter?: string; maxKeys?: number }
  ): Promise<{ objects: S3rverObject[]; commonPrefixes: string[]; isTruncated: boolean }>
  getResourcePath(bucket: string, key: string | undefined, resource: string): string
  getMetadata(bucket: string, key: string): Promise<unknown>
  rootDirectory: string
}
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>
  close(): Promise<void>
  store: FilesystemStore
}
type S3rverConstructor = new (options: {
  address: string
  port: number
  silent: boolean
  directory: string
  configureBuckets: ReadonlyArray<{ name: string }>
}) => S3rverInstance
type S3ObjectConstructor = new (
  bucket: string,
  key: string,
  content: null,
  metadata: unknown
) => S3rverObject

export interface S3Server {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string
  close(): Promise<void>
}

const OBJECT_SUFFIX = '._S3rver_object'

function correct(store: FilesystemStore, S3Object: S3ObjectConstructor): void {
  const putObject = store.putObject.bind(store)
  store.putObject = async object => {
    const result = await putObject(object)
    const file = store.getResourcePath(object.bucket, object.key, 'object')
    for (let i = 0; i < 5000 && (await stat(file)).size !== result.size; i += 1) {
      await new Promise(resolve => setTimeout(resolve, 2))
    }
    return result
  }
  const listObjects = store.listObjects.bind(store)
  store.listObjects = async (bucket, options) => {
    const prefix = options.prefix ?? ''
    if (options.delimiter !== '/' || (prefix !== '' && !prefix.endsWith('/'))) {
      return listObjects(bucket, options)
    }
    const folder = join(store.rootDirectory, bucket, ...prefix.split('/').filter(p => p !== ''))
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
    const after = options.startAfter ?? ''
    const commonPrefixes = entries
      .filter(e => e.isDirectory())
      .map(e => `${prefix}${e.name}/`)
      .filter(p => p > after)
      .sort()
    const keys = entries
      .filter(e => e.isFile() && e.name.endsWith(OBJECT_SUFFIX))
      .map(e => `${prefix}${e.name.slice(0, -OBJECT_SUFFIX.length)}`)
      .filter(k => k > after)
      .sort()
    const objects = await Promise.all(
      keys.map(async key => new S3Object(bucket, key, null, await store.getMetadata(bucket, key)))
    )
    return { objects, commonPrefixes, isTruncated: false }
  }
}

export async function startS3Server(
  directory: string,
  buckets: readonly string[],
  /** Where it listens: loopback here; the bring-up on GitHub gives the hosts' bridge gateway. */
  address = '127.0.0.1'
): Promise<S3Server> {
  const require = createRequire(import.meta.url)
  const S3rver = require('s3rver') as S3rverConstructor
  const S3Object = require('s3rver/lib/models/object') as S3ObjectConstructor
  const server = new S3rver({
    address,
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map(name => ({ name }))
  })
  correct(server.store, S3Object)
  const { port } = await server.run()
  return { endpoint: `http://${address}:${port}`, close: () => server.close() }
}

/** s3rver accepts any signature; these are its documented default credentials. */
export const S3RVER_KEY = 'S3RVER'
