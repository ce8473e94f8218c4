/**
 * The `/deploy <service> <version>` grammar. Only the comment's first line counts, from its first
 * character; the line must be plain printable ASCII, so look-alike letters, zero-width and
 * right-to-left characters can never smuggle a different service or version past a reader.
 */

import { cutText } from '../cut-text.js'

export const TRIGGER = '/deploy'
export const USAGE = '/deploy <service> <version>'
/** Longer first lines are refused before any further reading. */
export const MAX_COMMAND_LENGTH = 200

export type ParsedCommand =
  | { readonly kind: 'deploy'; readonly service: string; readonly version: string }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'not-a-command'; readonly reason: string }

const SEMVER = /^(0|[1-9][0-9]{0,8})(\.(0|[1-9][0-9]{0,8})){0,2}$/
const SHA = /^[0-9a-f]{7,40}$/
const SERVICE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/
/** `/deploy` as a whole word: `/deployment` is another word, `/deploy;` is a (bad) command. */
const TRIGGER_WORD = /^\/deploy(?![A-Za-z0-9_-])/i

const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x00a0: 'no-break space',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0xfeff: 'zero-width no-break space'
}

/** The first line of a comment (GitHub bodies use \r\n; \r or \n alone also end a line). */
export function firstLine(body: string): string {
  const end = body.search(/[\r\n]/)
  return end === -1 ? body : body.slice(0, end)
}

/** A user's token for a reason: single-quoted and cut short, so a reply never echoes a wall of text. */
export function quoteToken(token: string): string {
  return `'${cutText(token, 41)}'`
}

function describeCharacter(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0')
  const name = CHARACTER_NAMES[code]
  if (name) return `U+${hex} (${name})`
  if (code <= 0x1f || code === 0x7f) return `U+${hex} (a control character)`
  return `U+${hex} (not plain ASCII, e.g. a look-alike letter or digit)`
}

/** Index and code point of the first character that is not printable ASCII, space or tab. */
function firstForeignCharacter(line: string): { index: number; code: number } | undefined {
  let index = 0
  for (const char of line) {
    const code = char.codePointAt(0) ?? 0
    if (!(code === 0x09 || (code >= 0x20 && code <= 0x7e))) return { index, code }
    index += char.length
  }
  return undefined
}

function notACommand(body: string, line: string): ParsedCommand {
  if (/^[ \t]+\/deploy(?![A-Za-z0-9_-])/i.test(line)) {
    return reject(
      `${TRIGGER} must be the very first character of the comment, with no space before it`
    )
  }
  const reason = body.toLowerCase().includes(TRIGGER)
    ? `the comment mentions ${TRIGGER} but does not start with it, so it is not a command`
    : `the comment does not start with ${TRIGGER}`
  return { kind: 'not-a-command', reason }
}

function reject(reason: string): ParsedCommand {
  return { kind: 'rejected', reason }
}

/** Why `version` is not an acceptable image tag, or undefined when it is one. */
export function checkVersion(version: string): string | undefined {
  if (SEMVER.test(version) || SHA.test(version)) return undefined
  const accepted =
    'expected MAJOR[.MINOR[.PATCH]] (e.g. 1.3) or a commit SHA of 7 to 40 lowercase hex characters'
  if (version.toLowerCase() === 'latest') {
    return `'latest' is not a version: name the exact version to deploy (${accepted})`
  }
  if (version.startsWith('v') && SEMVER.test(version.slice(1))) {
    return `${quoteToken(version)} is not a version: write it without the 'v' (${version.slice(1)})`
  }
  return `${quoteToken(version)} is not a version: ${accepted}`
}

/** Why `service` is not a deployable service, or undefined when it is one. */
export function checkService(service: string, serviceNames: readonly string[]): string | undefined {
  if (serviceNames.includes(service)) return undefined
  const known = serviceNames.length > 0 ? serviceNames.join(', ') : 'none are defined'
  if (!SERVICE_NAME.test(service)) {
    return `${quoteToken(service)} is not a service name (services: ${known})`
  }
  return `unknown service ${quoteToken(service)} (services: ${known})`
}

function parseArguments(rest: string, serviceNames: readonly string[]): ParsedCommand {
  if (rest !== '' && !/^[ \t]/.test(rest)) {
    return reject(`${TRIGGER} must be followed by a space, then the service and the version`)
  }
  // Words are split on each blank; the empty words between blanks are dropped.
  const words = rest.split(/[ \t]/).filter(w => w !== '')
  const [service, version, ...extra] = words
  if (service === undefined) return reject('the service and the version are missing')
  const badService = checkService(service, serviceNames)
  if (badService) return reject(badService)
  if (version === undefined) return reject(`the version to deploy of ${service} is missing`)
  const badVersion = checkVersion(version)
  if (badVersion) return reject(badVersion)
  if (extra.length > 0) {
    return reject(`unexpected text after the version: ${quoteToken(extra.join(' '))}`)
  }
  return { kind: 'deploy', service, version }
}

/** Parses a comment body into a deploy command, a rejection with its reason, or not a command. */
export function parseDeployCommand(body: string, serviceNames: readonly string[]): ParsedCommand {
  const line = firstLine(body)
  if (!TRIGGER_WORD.test(line)) return notACommand(body, line)
  if (!line.startsWith(TRIGGER)) {
    return reject(
      `commands are lowercase: write ${TRIGGER}, not ${quoteToken(line.slice(0, TRIGGER.length))}`
    )
  }
  if (line.length > MAX_COMMAND_LENGTH) {
    return reject(
      `the command line is ${line.length} characters long; at most ${MAX_COMMAND_LENGTH} are read`
    )
  }
  const foreign = firstForeignCharacter(line)
  if (foreign) {
    return reject(
      `the command contains ${describeCharacter(foreign.code)} at column ${foreign.index + 1}; commands are plain ASCII`
    )
  }
  // Trailing blanks need no trimming: they only make empty words.
  return parseArguments(line.slice(TRIGGER.length), serviceNames)
}
