import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'

/** A zip (stored, no compression) of one executable file, as HashiCorp's release zips hold one binary. */
export function zipOneFile(name: string, content: string): Buffer {
  const data = Buffer.from(content)
  const fileName = Buffer.from(name)
  const crc = crc32(data)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4) // version needed
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(fileName.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE((3 << 8) | 20, 4) // made by Unix, so unzip keeps the mode bits
  central.writeUInt16LE(20, 6)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(fileName.length, 28)
  central.writeUInt32LE(((0o100755 << 16) >>> 0) >>> 0, 38) // regular file, rwxr-xr-x
  const centralOffset = local.length + fileName.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + fileName.length, 12)
  end.writeUInt32LE(centralOffset, 16)
  return Buffer.concat([local, fileName, data, central, fileName, end])
}

/**
 * A stand-in for a HashiCorp binary: records every call in /var/log/<name>-calls.log and answers
 * `version`, `validate` / `config validate` (the file must exist) and `node …` (as a registered node).
 */
export function standInScript(name: string, version: string): string {
  return [
    '#!/bin/sh',
    `# stand-in ${name} ${version} for tests: records its arguments`,
    `echo "$*" >> /var/log/${name}-calls.log`,
    // On a host that names a stand-in cluster API (/etc/elm-infra-standin: its control URL and the
    // host's name), a validated config makes this host's agent join, as systemd would start it:
    // the config and the TLS files it names go to the stand-in, which then listens as they say.
    `if [ -r /etc/elm-infra-standin ] && { [ "$1" = validate ] || [ "$2" = validate ]; }; then`,
    `  for last; do :; done`,
    `  python3 - "$last" ${name} <<'PY' || exit 1`,
    'import json, re, sys, urllib.request',
    'control, host = open("/etc/elm-infra-standin").read().split()',
    'text = open(sys.argv[1]).read()',
    'files = {}',
    'for path in re.findall(r\'(?:ca|cert|key)_file\\s*=\\s*"([^"]+)"\', text):',
    '    try:',
    '        files[path] = open(path).read()',
    '    except OSError:',
    '        pass',
    'body = json.dumps({"product": sys.argv[2], "host": host, "config": text, "files": files}).encode()',
    'request = urllib.request.Request(control + "/_standin/configured", data=body, headers={"Content-Type": "application/json"})',
    'urllib.request.urlopen(request)',
    'PY',
    'fi',
    'case "$1" in',
    `  version|-version|--version) echo "${name} v${version} (stand-in)" ;;`,
    '  validate) for last; do :; done; test -f "$last" ;;',
    '  config) test "$2" = validate && test -f "$3" ;;',
    '  node) exit 0 ;;',
    '  *) exit 0 ;;',
    'esac',
    ''
  ].join('\n')
}

export interface MirrorRelease {
  readonly product: string
  readonly version: string
  /** Write a SHA256SUMS line that does not match the zip. */
  readonly corruptChecksum?: boolean
  /** Sign other bytes than the SHA256SUMS written (a tampered checksum file). */
  readonly badSignature?: boolean
}

/** A release-signing key made for one test run, in place of HashiCorp's. */
export interface TestSigningKey {
  /** A binary keyring with the public key (what the roles' *_release_keyring names). */
  readonly keyring: string
  /** Writes `<file>.sig`, a detached binary signature, as HashiCorp's `_SHA256SUMS.sig` is. */
  sign(file: string, content?: string): void
}

/** Makes an RSA signing key with `gpg` in a fresh home under `dir`; a few seconds. */
export function makeTestSigningKey(dir: string): TestSigningKey {
  const home = mkdtempSync(join(tmpdir(), 'elm-infra-gpg-'))
  const gpg = (args: string[], input?: string): Buffer =>
    execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', ...args], {
      ...(input === undefined ? {} : { input }),
      stdio: ['pipe', 'pipe', 'pipe']
    })
  gpg([
    '--passphrase',
    '',
    '--quick-gen-key',
    'elm-infra test releases <test@example.invalid>',
    'rsa2048',
    'sign',
    'never'
  ])
  const keyring = join(dir, 'test-release.gpg')
  writeFileSync(keyring, gpg(['--export']))
  return {
    keyring,
    sign: (file, content) => {
      if (content === undefined) gpg(['--yes', '--detach-sign', '-o', `${file}.sig`, file])
      else writeFileSync(`${file}.sig`, gpg(['--detach-sign', '-o', '-'], content))
    }
  }
}

/**
 * Lays out HashiCorp's archive (`<product>/<version>/<product>_<version>_linux_amd64.zip`,
 * `…_SHA256SUMS` and `…_SHA256SUMS.sig`, signed with `key`) under `root`, plus `gpg` (a stand-in
 * Docker apt key). Returns the key's sha256.
 */
export function writeMirror(
  root: string,
  releases: readonly MirrorRelease[],
  signer: TestSigningKey
): { dockerKeySha256: string } {
  for (const { product, version, corruptChecksum, badSignature } of releases) {
    const dir = join(root, product, version)
    mkdirSync(dir, { recursive: true })
    const zipName = `${product}_${version}_linux_amd64.zip`
    const zip = zipOneFile(product, standInScript(product, version))
    writeFileSync(join(dir, zipName), zip)
    const sum = createHash('sha256').update(zip).digest('hex')
    const listed = corruptChecksum ? `${sum[0] === '0' ? '1' : '0'}${sum.slice(1)}` : sum
    const sums = join(dir, `${product}_${version}_SHA256SUMS`)
    writeFileSync(sums, `${listed}  ${zipName}\n`)
    if (badSignature === true) signer.sign(sums, `${'0'.repeat(64)}  ${zipName}\n`)
    else signer.sign(sums)
  }
  const key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\nstand-in\n-----END PGP PUBLIC KEY BLOCK-----\n'
  writeFileSync(join(root, 'gpg'), key)
  return { dockerKeySha256: createHash('sha256').update(key).digest('hex') }
}
