import { InvalidArgumentError } from 'commander'
import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { InputError } from '../../actions/shared/errors.js'
import { refProblem } from '../../actions/shared/changes/git-diff.js'
import { parseDuration } from '../../actions/shared/inputs.js'

/**
 * One rule per kind of option value, shared by every `elm-infra` subcommand (and by new ones:
 * `new-service`, `doctor`, …). Each rule is a commander argParser (commander 14 lib/option.js
 * `Option.argParser`, lib/argument.js `Argument.argParser`): it returns the value, or throws
 * commander's InvalidArgumentError with one line saying what was wrong and what is accepted;
 * commander turns that into a usage error (exit 2). `check` applies a rule to a value that did not
 * come through commander (a version read back from Nomad, a default).
 *
 * Every rule refuses what looks like an option (`--head=--output=/tmp/x`: commander gives a
 * required option the next word whatever it is, lib/command.js `parseOptions`), and no message
 * echoes more than 60 characters of a value.
 */
export type Rule<T = string> = (value: string) => T

/** A value as a message shows it: quoted, at most 60 characters, control characters escaped. */
export function shown(value: string): string {
  const printable = JSON.stringify(value).slice(1, -1)
  return printable.length <= 60
    ? `'${printable}'`
    : `'${printable.slice(0, 40)}…' (${value.length} characters)`
}

function refuse(value: string, problem: string): never {
  throw new InvalidArgumentError(`${shown(value)} ${problem}`)
}

function notOption(value: string, expected: string): void {
  if (value.startsWith('-'))
    refuse(value, `looks like an option, not a value: expected ${expected}.`)
}

/** The longest value any rule accepts: no name, tag, ref or path here is longer. */
const MAX = 4096

function bounded(value: string, expected: string): void {
  notOption(value, expected)
  if (value.length > MAX) refuse(value, `is too long: expected ${expected}.`)
  if (value.includes('\ufffd') || /[\ud800-\udfff]/.test(value))
    refuse(value, `is not valid UTF-8 text: expected ${expected}.`)
}

/**
 * An image tag, as `deploy <service> <version>` and `rehearse --version` take it: Docker's tag
 * grammar (distribution/reference regexp.go `tag = [\w][\w.-]{0,127}`).
 */
export const version: Rule = value => {
  const expected = 'an image tag such as 1.3, 2.0.0 or a commit SHA (letters, digits, _ . -)'
  bounded(value, expected)
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(value))
    refuse(value, `is not a version: expected ${expected}.`)
  return value
}

/** A git commit reference (actions/shared/changes/git-diff.ts `checkRef`: no option, no range). */
export const ref: Rule = value => {
  const expected = 'one commit: a SHA, a branch such as origin/main, or HEAD~1'
  if (value === '') refuse(value, `is empty: expected ${expected}.`)
  bounded(value, expected)
  const problem = refProblem(value)
  if (problem !== undefined)
    refuse(value, `is not a commit reference: ${problem}; expected ${expected}.`)
  return value
}

/** A commit reference that may be empty (deploy.yml passes "" when there is none). */
export const optionalRef: Rule = value => (value.trim() === '' ? '' : ref(value))

/** A duration ('90s', '15m', '1h30m', '250ms'; a bare number is seconds), in milliseconds. */
export const duration: Rule<number> = value => {
  const expected = 'a duration such as 15s, 15m, 1h30m or 500ms'
  bounded(value, expected)
  const ms = parseDuration(value)
  if (ms === undefined || ms <= 0) refuse(value, `is not a duration: expected ${expected}.`)
  if (ms > 24 * 3_600_000) refuse(value, `is longer than a day: expected ${expected}.`)
  return ms
}

/** A node name (node-1, elm-node-2): a DNS label. Which nodes exist is the command's to say. */
export const node: Rule = value => {
  const expected = 'a node name such as node-1 (lower-case letters, digits, -)'
  bounded(value, expected)
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value))
    refuse(value, `is not a node name: expected ${expected}.`)
  return value
}

/**
 * A service name: a folder docker/<name>/ and a job nomad/<name>.nomad.hcl (a DNS label, as a
 * Nomad job ID and a Consul service name must be). Which services exist is the catalog's to say.
 */
export const service: Rule = value => {
  const expected =
    'a service name such as website (lower-case letters, digits, -; see elm-infra services)'
  bounded(value, expected)
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value))
    refuse(value, `is not a service name: expected ${expected}.`)
  return value
}

/** A DNS name (--domain, --region, --datacenter). */
export const dnsName: Rule = value => {
  const expected = "a DNS name (lower-case letters, digits, '-', '.')"
  bounded(value, expected)
  if (
    value.length > 253 ||
    !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(value)
  )
    refuse(value, `is not a DNS name: expected ${expected}.`)
  return value
}

/** A number in a range (--speed 1..1000, --concurrency 1..64); `why` the range, if not obvious. */
export function numberIn(min: number, max: number, integer = false, why?: string): Rule<number> {
  return value => {
    const expected = `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`
    bounded(value, expected)
    const n = Number(value)
    if (
      value.trim() === '' ||
      !Number.isFinite(n) ||
      n < min ||
      n > max ||
      (integer && !Number.isInteger(n))
    )
      refuse(value, `is not ${expected}${why === undefined ? '' : ` (${why})`}.`)
    return n
  }
}

/** One of a fixed set of words (--format). */
export function oneOf<T extends string>(words: readonly T[]): Rule<T> {
  return value => {
    const expected = `one of ${words.join(', ')}`
    bounded(value, expected)
    if (!(words as readonly string[]).includes(value)) refuse(value, `is not ${expected}.`)
    return value as T
  }
}

/** An http(s) URL of a Nomad agent (--target); trailing slashes dropped. */
export const nomadAddress: Rule = value => {
  const expected = 'the address of a Nomad agent, e.g. https://nomad.example:4646'
  bounded(value, expected)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return refuse(value, `is not an address: expected ${expected}.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    refuse(value, `is not an http:// or https:// address: expected ${expected}.`)
  return value.replace(/\/+$/, '')
}

/** What a path rule found (stat follows links; never opens the file, so a FIFO cannot block). */
function kindOf(path: string): 'missing' | 'file' | 'directory' | 'other' | 'unreachable' {
  try {
    const s = statSync(path)
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other'
  } catch (error) {
    const code = (error as { code?: string }).code
    return code === 'ENOENT' ? 'missing' : 'unreachable'
  }
}

function describeKind(kind: ReturnType<typeof kindOf>): string {
  return kind === 'missing'
    ? 'does not exist'
    : kind === 'directory'
      ? 'is a directory'
      : kind === 'other'
        ? 'is not a regular file (a device, a FIFO or a socket)'
        : kind === 'unreachable'
          ? 'cannot be reached (a folder on its path is not one, or no permission)'
          : 'is a file'
}

/**
 * A file to read (a plan, a payload, a YAML file): a regular file that exists and is readable,
 * relative to `cwd`. Devices and FIFOs are refused before anything opens them (reading a FIFO
 * with no writer waits forever). Returns the path as given; resolve it against `cwd` to open it.
 */
export function inputFile(cwd: string): Rule {
  return value => {
    const expected = 'a readable file'
    bounded(value, expected)
    const path = resolve(cwd, value)
    const kind = kindOf(path)
    if (kind !== 'file') refuse(value, `${describeKind(kind)}: expected ${expected}.`)
    try {
      accessSync(path, constants.R_OK)
    } catch {
      refuse(value, `cannot be read (permission): expected ${expected}.`)
    }
    return value
  }
}

/** A folder that exists (--root, --chdir), relative to `cwd`. */
export function directory(cwd: string): Rule {
  return value => {
    const expected = 'a folder'
    bounded(value, expected)
    const kind = kindOf(resolve(cwd, value))
    if (kind !== 'directory') refuse(value, `${describeKind(kind)}: expected ${expected}.`)
    return value
  }
}

/**
 * A folder to create or fill (--out-dir): it may not exist yet, but its parent must be a writable
 * folder; if it exists it must be a folder. (`mkdir -p` under /proc never ends: refused here.)
 */
export function outputDirectory(cwd: string): Rule {
  return value => {
    const expected = 'a folder to write to (new, or existing), under a writable folder'
    bounded(value, expected)
    const path = resolve(cwd, value)
    const kind = kindOf(path)
    if (kind === 'directory' || kind === 'missing') {
      const parent = kind === 'missing' ? dirname(path) : path
      if (kindOf(parent) !== 'directory')
        refuse(
          value,
          `has no folder to be made in (${shown(parent)} ${describeKind(kindOf(parent))}): expected ${expected}.`
        )
      if (/^\/(proc|sys|dev)(\/|$)/.test(path))
        refuse(value, `is under a kernel file system: expected ${expected}.`)
      try {
        accessSync(parent, constants.W_OK)
      } catch {
        refuse(value, `cannot be written (permission): expected ${expected}.`)
      }
      return value
    }
    return refuse(value, `${describeKind(kind)}: expected ${expected}.`)
  }
}

/** A program to run (--terraform): a name looked up on PATH, or a path to an executable file. */
export function program(cwd: string): Rule {
  return value => {
    const expected = 'a program name such as terraform, or the path of an executable file'
    bounded(value, expected)
    if (!value.includes('/')) {
      if (!/^[A-Za-z0-9._+-]+$/.test(value))
        refuse(value, `is not a program name: expected ${expected}.`)
      return value
    }
    const path = resolve(cwd, value)
    const kind = kindOf(path)
    if (kind !== 'file') refuse(value, `${describeKind(kind)}: expected ${expected}.`)
    try {
      accessSync(path, constants.X_OK)
    } catch {
      refuse(value, `is not executable: expected ${expected}.`)
    }
    return path
  }
}

/** Applies a rule outside commander (a value read from Nomad, a positional checked late): InputError. */
export function check<T>(rule: Rule<T>, name: string, value: string): T {
  try {
    return rule(value)
  } catch (error) {
    throw new InputError(`${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** A repeatable option's parser: each value checked by `rule`, collected in order. */
export function repeatable<T>(rule: Rule<T>): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => [...(previous ?? []), rule(value)]
}

/**
 * An image reference (--image): [registry/]name[:tag][@sha256:…], the grammar of
 * distribution/reference regexp.go (names lower-case, tag as `version`, digest algorithm:hex).
 */
export const imageRef: Rule = value => {
  const expected = 'an image reference such as ghcr.io/elm/website:1.3 or …@sha256:<64 hex>'
  bounded(value, expected)
  const name = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
  const host = '[A-Za-z0-9.-]+(?::[0-9]+)?'
  const re = new RegExp(
    `^(?:${host}/)?${name}(?:/${name})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`
  )
  if (!re.test(value)) refuse(value, `is not an image reference: expected ${expected}.`)
  return value
}

/** A GitHub event name (GITHUB_EVENT_NAME: issue_comment, workflow_dispatch, …). */
export const eventName: Rule = value => {
  const expected = 'a GitHub event name such as issue_comment'
  bounded(value, expected)
  if (!/^[a-z][a-z_]{0,63}$/.test(value))
    refuse(value, `is not an event name: expected ${expected}.`)
  return value
}

/** A comma-separated list, blanks dropped, each item checked by `rule`; at least one item. */
export function list<T>(rule: Rule<T>): Rule<T[]> {
  return value => {
    bounded(value, 'a comma-separated list')
    const items = value
      .split(',')
      .map(s => s.trim())
      .filter(s => s !== '')
    if (items.length === 0) refuse(value, 'is an empty list: expected at least one item.')
    return items.map(rule)
  }
}

/** A full commit SHA (new-service --commit: a build is pinned to one commit, never a branch). */
export const commitSha: Rule = value => {
  const expected = 'a full 40-hex commit SHA (the build is pinned to it)'
  bounded(value, expected)
  if (!/^[0-9a-f]{40}$/.test(value))
    refuse(value, `is not a full commit SHA: expected ${expected}.`)
  return value
}

/**
 * A GitHub repository as owner/name (doctor --repo, GITHUB_REPOSITORY): GitHub's owner names are
 * letters, digits and single dashes (at most 39), repository names letters, digits, _ . -.
 */
export const repository: Rule = value => {
  const expected = 'a GitHub repository as owner/name, e.g. elm/elm-infra'
  bounded(value, expected)
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\/[A-Za-z0-9_.-]{1,100}$/.test(value))
    refuse(value, `is not a repository: expected ${expected}.`)
  if (/\/\.\.?$/.test(value)) refuse(value, `is not a repository: expected ${expected}.`)
  return value
}

/** A GitHub repository's address (new-service --repo); a trailing .git or / is dropped. */
export const githubRepoUrl: Rule = value => {
  const expected =
    'https://github.com/<owner>/<repo> (the build fetches its /archive/<commit>.tar.gz)'
  bounded(value, expected)
  const match = /^https:\/\/github\.com\/(.+?)(?:\.git)?\/?$/.exec(value)
  try {
    if (match?.[1] === undefined) throw new Error('no match')
    repository(match[1])
    return `https://github.com/${match[1]}`
  } catch {
    return refuse(value, `is not a GitHub repository address: expected ${expected}.`)
  }
}

/** An image pinned by digest (new-service --image, --build-base): `imageRef` with @sha256:…. */
export const pinnedImage: Rule = value => {
  const expected = 'an image pinned by digest, e.g. ghcr.io/owner/site:1.0@sha256:<64 hex>'
  bounded(value, expected)
  let ok = /@sha256:[a-f0-9]{64}$/.test(value)
  try {
    imageRef(value)
  } catch {
    ok = false
  }
  if (!ok) refuse(value, `is not an image pinned by digest: expected ${expected}.`)
  return value
}

/** A folder inside a tree that is not here (a build's output in a repository): relative, no `..`. */
export const relativeFolder: Rule = value => {
  const expected = 'a relative folder such as dist or build/site (letters, digits, . _ - and /)'
  bounded(value, expected)
  if (!/^[\w.-]+(\/[\w.-]+)*\/?$/.test(value) || value.split('/').includes('..'))
    refuse(value, `is not a relative folder inside the tree: expected ${expected}.`)
  return value
}

/** A folder inside an image (new-service --path): absolute or relative, returned relative. */
export const imageFolder: Rule = value => {
  bounded(value, 'a folder in the image such as /srv/www')
  return relativeFolder(value.replace(/^\/+/, ''))
}

/** A non-root user as uid:gid (new-service --user). */
export const uidGid: Rule = value => {
  const expected = 'a non-root uid:gid such as 10001:10001'
  bounded(value, expected)
  if (!/^[1-9][0-9]{0,9}:[1-9][0-9]{0,9}$/.test(value))
    refuse(value, `is not a non-root user: expected ${expected}.`)
  return value
}

/** One shell command line (new-service --build, --start): not empty, no line break; trimmed. */
export const commandLine: Rule = value => {
  const expected = 'one shell command line, e.g. "npm ci && npm run build"'
  bounded(value, expected)
  if (value.trim() === '' || /[\r\n\0]/.test(value))
    refuse(value, `is empty or not one line: expected ${expected}.`)
  return value.trim()
}

/** A short identifier (pr-comment --marker): lower-case letters, digits and dashes. */
export const slug: Rule = value => {
  const expected = 'lower-case letters, digits and dashes, e.g. rehearse-lose-node'
  bounded(value, expected)
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(value))
    refuse(value, `is not a marker: expected ${expected}.`)
  return value
}

/**
 * A branch name (doctor --branch), by git's check-ref-format rules (git refs.c
 * `check_refname_component` and `check_refname_format`, the `refname_disposition` table): no
 * component starting with '.' or ending in '.lock', no '..', '@{', '//', control characters,
 * space or ~^:?*[\, not ending in '/' or '.', not '@'; and no leading '-' (an option here).
 */
export const branch: Rule = value => {
  const expected = 'a branch name such as main'
  bounded(value, expected)
  if (
    value === '' ||
    value === '@' ||
    /^[/.]|[/.]$|\.lock(\/|$)|\.\.|@\{|\/\/|\/\.|[\s~^:?*[\\]/.test(value) ||
    [...value].some(c => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
  )
    refuse(value, `is not a branch name: expected ${expected}.`)
  return value
}
