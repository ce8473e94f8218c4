import { posix } from 'node:path'

/**
 * .dockerignore semantics (moby/patternmatcher): one pattern a line, `#` comments, `!` re-includes,
 * `*` and `?` stay inside one path segment, `**` spans segments, and a pattern that matches a
 * directory also matches everything below it. The last matching pattern wins.
 */
export interface IgnorePattern {
  readonly source: string
  readonly negate: boolean
  readonly regex: RegExp
}

/** Parses the text of a .dockerignore file into patterns, in order. */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const negate = line.startsWith('!')
    const body = negate ? line.slice(1).trim() : line
    // Stryker disable next-line Regex: posix.normalize has already collapsed repeated slashes ('//a' → '/a', 'a//' → 'a/'), so `/+` and `/` strip the same
    const cleaned = posix.normalize(body).replace(/^\/+/, '').replace(/\/+$/, '')
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a pattern of '' or '.' becomes /^$/ or /^\.$/, which no relative path matches: skipping it only saves work
    if (cleaned === '' || cleaned === '.') continue
    patterns.push({ source: line, negate, regex: toRegex(cleaned) })
  }
  return patterns
}

function toRegex(pattern: string): RegExp {
  let out = ''
  // Stryker disable next-line EqualityOperator: one step past the end reads '' and appends nothing
  for (let i = 0; i < pattern.length; i++) {
    // Stryker disable next-line StringLiteral: pattern[i] is always defined inside the bound
    const ch = pattern[i] ?? ''
    if (ch === '*' && pattern[i + 1] === '*') {
      i++
      if (pattern[i + 1] === '/') {
        i++
        out += '(?:.*/)?'
      } else {
        out += '.*'
      }
    } else if (ch === '*') {
      out += '[^/]*'
    } else if (ch === '?') {
      out += '[^/]'
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1)
      if (end === -1) {
        out += '\\['
      } else {
        // A leading `!` is a literal character, not a negation: Docker 20.10 (BuildKit and the
        // classic builder) leaves `log1.txt` out under `log[!0-9].txt` and sends `logx.txt`
        // (recorded in dockerignore.test.ts; `^` negates, as in Go's regexp).
        const inner = pattern.slice(i + 1, end).replace(/\\/g, '\\\\')
        out += `[${inner}]`
        i = end
      }
    } else if (ch === '\\' && i + 1 < pattern.length) {
      i++
      // Stryker disable next-line StringLiteral: the guard above keeps i inside the pattern
      out += escapeRegex(pattern[i] ?? '')
    } else {
      out += escapeRegex(ch)
    }
  }
  return new RegExp(`^${out}$`)
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*?+^${}()|[\]\\/-]/g, '\\$&')
}

/** True when `path` (relative, with `/`) matches the pattern itself or through a parent directory. */
function matches(pattern: IgnorePattern, path: string): boolean {
  const parts = path.split('/')
  for (let n = parts.length; n >= 1; n--) {
    if (pattern.regex.test(parts.slice(0, n).join('/'))) return true
  }
  return false
}

/** Whether Docker leaves `path` out of the build context under these patterns. */
export function isIgnored(path: string, patterns: readonly IgnorePattern[]): boolean {
  let ignored = false
  for (const pattern of patterns) {
    if (matches(pattern, path)) ignored = !pattern.negate
  }
  return ignored
}
