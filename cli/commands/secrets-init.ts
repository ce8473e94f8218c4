import { execFile } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { stringify } from 'yaml'
import { InputError, UserError } from '../../actions/shared/errors.js'
import * as rules from '../options/rules.js'
import type { Subcommand } from '../program.js'
import {
  type CertificateRequest,
  type IssuedTls,
  type SecretsSettings,
  consulServerCertificate,
  extensionFile,
  extraVars,
  nomadAgentCertificate,
  nomadCliCertificate,
  pasteInstructions
} from './secrets-plan.js'

const run = promisify(execFile)

/** Runs the openssl CLI; a missing or failing openssl is a clear error. */
export type Openssl = (args: readonly string[]) => Promise<void>

export const opensslCli: Openssl = async args => {
  try {
    await run('openssl', [...args])
  } catch (error) {
    const e = error as { code?: string; stderr?: string }
    if (e.code === 'ENOENT')
      throw new UserError('openssl is not installed (apt-get install openssl).')
    throw new UserError(`openssl ${args[0] ?? ''} failed: ${(e.stderr ?? String(error)).trim()}`)
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

async function makeCa(openssl: Openssl, dir: string, name: string): Promise<void> {
  await openssl([
    'req',
    '-x509',
    ...EC,
    '-keyout',
    join(dir, `${name}-ca-key.pem`),
    '-out',
    join(dir, `${name}-ca.pem`),
    '-days',
    '3650',
    '-subj',
    `/CN=elm-infra ${name} CA`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign'
  ])
}

async function issue(
  openssl: Openssl,
  dir: string,
  ca: string,
  req: CertificateRequest
): Promise<void> {
  const ext = join(dir, `${req.name}.ext`)
  writeFileSync(ext, extensionFile(req))
  await openssl([
    'req',
    ...EC,
    '-keyout',
    join(dir, `${req.name}-key.pem`),
    '-out',
    join(dir, `${req.name}.csr`),
    '-subj',
    `/CN=${req.commonName}`
  ])
  await openssl([
    'x509',
    '-req',
    '-in',
    join(dir, `${req.name}.csr`),
    '-CA',
    join(dir, `${ca}-ca.pem`),
    '-CAkey',
    join(dir, `${ca}-ca-key.pem`),
    '-set_serial',
    `0x${randomBytes(16).toString('hex')}`,
    '-days',
    '1825',
    '-sha256',
    '-extfile',
    ext,
    '-out',
    join(dir, `${req.name}.pem`)
  ])
}

export interface InitResult {
  readonly files: { extraVars: string; caKeys: string[]; cliCert: string; cliKey: string }
}

/** The files secrets init writes into `outDir`. */
export function targetFiles(outDir: string): InitResult['files'] {
  return {
    extraVars: join(outDir, 'ansible-extra-vars.yml'),
    caKeys: [join(outDir, 'consul-ca-key.pem'), join(outDir, 'nomad-ca-key.pem')],
    cliCert: join(outDir, 'nomad-cli.pem'),
    cliKey: join(outDir, 'nomad-cli-key.pem')
  }
}

/**
 * Generates everything once into `outDir` (which must not exist or be empty): the extra-vars
 * YAML (0600), the CA keys and the Nomad CLI certificate. Refuses to overwrite anything.
 */
export async function initSecrets(
  outDir: string,
  settings: SecretsSettings,
  openssl: Openssl = opensslCli
): Promise<InitResult> {
  const target = targetFiles(outDir)
  const existing = [target.extraVars, ...target.caKeys, target.cliCert, target.cliKey].filter(f =>
    existsSync(f)
  )
  if (existing.length > 0)
    throw new InputError(
      `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: secrets init never overwrites (the running cluster uses them). Choose another --out-dir.`
    )
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-secrets-'))
  try {
    await makeCa(openssl, work, 'consul')
    await makeCa(openssl, work, 'nomad')
    await issue(openssl, work, 'consul', consulServerCertificate(settings))
    await issue(openssl, work, 'nomad', nomadAgentCertificate(settings))
    await issue(openssl, work, 'nomad', nomadCliCertificate(settings))
    const read = (f: string): string => readFileSync(join(work, f), 'utf8')
    const tls: IssuedTls = {
      consul: {
        ca: read('consul-ca.pem'),
        cert: read('consul-server.pem'),
        key: read('consul-server-key.pem')
      },
      nomad: {
        ca: read('nomad-ca.pem'),
        cert: read('nomad-agent.pem'),
        key: read('nomad-agent-key.pem')
      }
    }
    const vars = extraVars(tls, {
      uuid: randomUUID,
      gossipKey: () => randomBytes(32).toString('base64')
    })
    mkdirSync(outDir, { recursive: true, mode: 0o700 })
    const secret = { mode: 0o600, flag: 'wx' } as const
    writeFileSync(target.extraVars, stringify(vars), secret)
    writeFileSync(target.caKeys[0] ?? '', read('consul-ca-key.pem'), secret)
    writeFileSync(target.caKeys[1] ?? '', read('nomad-ca-key.pem'), secret)
    writeFileSync(target.cliCert, read('nomad-cli.pem'), secret)
    writeFileSync(target.cliKey, read('nomad-cli-key.pem'), secret)
    return { files: target }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * Where the secrets go when no --out-dir is given: outside any clone, under the XDG state folder
 * (`$XDG_STATE_HOME`, else `~/.local/state`: the XDG Base Directory Specification's default), so a
 * `git add -A` in the repository can never take the CA keys and bootstrap tokens.
 */
export function defaultOutDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env['XDG_STATE_HOME']
  // The spec: a relative XDG_STATE_HOME is invalid and must be ignored.
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'elm-infra', 'secrets')
  const home = env['HOME']
  if (home === undefined || home === '' || !isAbsolute(home))
    throw new InputError(
      'Neither XDG_STATE_HOME nor HOME is set to an absolute path: give --out-dir <dir>, a folder outside any git clone.'
    )
  return join(home, '.local', 'state', 'elm-infra', 'secrets')
}

/** What git says about the files secrets init would write. */
export interface GitProbe {
  /** The work tree holding `path` (which may not exist yet), or undefined outside any work tree. */
  workTree(path: string): Promise<string | undefined>
  /** Whether git ignores `path` (`git check-ignore`; the path need not exist). */
  ignored(path: string): Promise<boolean>
}

/** The nearest folder at or above `path` that exists (git must run somewhere real). */
function existingAncestor(path: string): string {
  let dir = path
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

export const gitCli: GitProbe = {
  async workTree(path) {
    try {
      const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], {
        cwd: existingAncestor(path)
      })
      return stdout.trim() || undefined
    } catch {
      return undefined // not a work tree, or no git: nothing to commit the files into
    }
  },
  async ignored(path) {
    try {
      // Exit 0: ignored; 1: not ignored (git-check-ignore(1), EXIT STATUS).
      await run('git', ['check-ignore', '-q', path], { cwd: existingAncestor(dirname(path)) })
      return true
    } catch {
      return false
    }
  }
}

/**
 * Refuses an out-dir inside a git work tree unless git ignores every file it would write there:
 * the CA keys and bootstrap tokens must never be one `git add -A` away from a commit.
 */
export async function refuseTrackedOutDir(
  outDir: string,
  files: readonly string[],
  git: GitProbe
): Promise<void> {
  const tree = await git.workTree(outDir)
  if (tree === undefined) return
  for (const file of files) {
    if (!(await git.ignored(file)))
      throw new InputError(
        `--out-dir ${outDir} is inside the git work tree ${tree} and git does not ignore ${file}: the CA keys and tokens could be committed. Choose a folder outside the clone (the default is ~/.local/state/elm-infra/secrets) or one .gitignore names.`
      )
  }
}

interface InitOptions {
  readonly outDir?: string
  readonly domain: string
  readonly region: string
  readonly datacenter: string
}

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/

/** `elm-infra secrets init`: the cluster's secrets, generated once. */
export const secretsCommand: Subcommand = {
  register(program, context) {
    program
      .command('secrets')
      .description('Generate the cluster secrets once (gossip keys, ACL tokens, CAs, certificates)')
      .command('init')
      .description(
        'Write ansible-extra-vars.yml, the CA keys and the Nomad CLI certificate; never overwrites'
      )
      .option(
        '--out-dir <dir>',
        'where to write the files (must not hold them already; refused inside a git clone unless ignored). Default: $XDG_STATE_HOME/elm-infra/secrets, else ~/.local/state/elm-infra/secrets',
        rules.outputDirectory(context.cwd)
      )
      .option(
        '--domain <domain>',
        'the public domain (the Nomad API is nomad.<domain>)',
        rules.dnsName,
        'elm-lang.org'
      )
      .option('--region <region>', "Nomad's region", rules.dnsName, 'global')
      .option('--datacenter <dc>', "Consul's datacenter", rules.dnsName, 'elm')
      .action(async (options: InitOptions) => {
        for (const [flag, value] of [
          ['--domain', options.domain],
          ['--region', options.region],
          ['--datacenter', options.datacenter]
        ] as const)
          if (!NAME.test(value))
            throw new InputError(
              `${flag} is '${value}': expected a DNS name (lower-case letters, digits, '-', '.').`
            )
        const outDir =
          options.outDir === undefined
            ? defaultOutDir(context.env)
            : resolve(context.cwd, options.outDir)
        await refuseTrackedOutDir(outDir, Object.values(targetFiles(outDir)).flat(), gitCli)
        const result = await initSecrets(outDir, options)
        context.terminal.err(`Wrote the cluster secrets to ${outDir} (files are 0600).`)
        context.terminal.out(pasteInstructions(result.files))
      })
  }
}
