/**
 * The one way a text is shortened anywhere in elm-infra. Lengths are UTF-16 code units (what
 * `String.length` counts, and what GitHub's limits are measured within — see github/limits.ts);
 * a cut never falls between the two halves of a surrogate pair, so an emoji or a CJK extension
 * character is either kept whole or dropped whole, never rendered as U+FFFD.
 */

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff

/**
 * The index at or just before `end` where `text` may be cut (`text.slice(0, index)`) without
 * splitting a surrogate pair; clamped to 0…text.length.
 */
export function safeCutIndex(text: string, end: number): number {
  if (end <= 0) return 0
  if (end >= text.length) return text.length
  return isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))
    ? end - 1
    : end
}

/**
 * The index at or just after `start` where a tail may begin (`text.slice(index)`) without
 * starting on the low half of a surrogate pair.
 */
export function safeTailIndex(text: string, start: number): number {
  if (start <= 0) return 0
  if (start >= text.length) return text.length
  return isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))
    ? start + 1
    : start
}

export interface CutOptions {
  /** Appended when the text is cut (default `…`); counted within `max`. */
  readonly ellipsis?: string
  /** `end` keeps the start (default); `middle` keeps the start and the end around the ellipsis. */
  readonly keep?: 'start' | 'middle'
}

/**
 * `text` unchanged when it fits in `max` code units, else cut to at most `max` with the ellipsis,
 * on a surrogate-pair boundary. `max` smaller than the ellipsis yields a bare cut.
 */
export function cutText(text: string, max: number, options: CutOptions = {}): string {
  const limit = Math.max(0, Math.floor(max))
  if (text.length <= limit) return text
  const ellipsis = options.ellipsis ?? '…'
  if (ellipsis.length >= limit) return text.slice(0, safeCutIndex(text, limit))
  const room = limit - ellipsis.length
  if (options.keep !== 'middle') return `${text.slice(0, safeCutIndex(text, room))}${ellipsis}`
  const headLength = Math.ceil(room / 2)
  const head = text.slice(0, safeCutIndex(text, headLength))
  const tail = text.slice(safeTailIndex(text, text.length - (room - headLength)))
  return `${head}${ellipsis}${tail}`
}
