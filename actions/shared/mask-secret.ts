import type { SecretMasker } from './ports.js'

/**
 * The pieces of a secret to hide: the whole value and, when it has several lines, each line of 4
 * characters or more (the runner masks output line by line). PEM armour lines ("-----BEGIN …")
 * are public and left alone, so they are never masked.
 */
export function secretPieces(secret: string): string[] {
  if (secret === '') return []
  const lines = secret.split('\n').map(l => l.trim())
  if (lines.filter(l => l !== '').length < 2) return [secret]
  const parts = lines.filter(l => l.length >= 4 && !l.startsWith('-----'))
  return [secret, ...new Set(parts)]
}

/** Masks a secret whole and line by line (see secretPieces). */
export function maskSecret(masker: SecretMasker, secret: string): void {
  for (const piece of secretPieces(secret)) masker.mask(piece)
}

/**
 * Replaces every piece of every secret in `text` with '***', longest first: for text that leaves
 * the log (an issue body, a comment), where the runner's masking does not reach. Pieces under 4
 * characters (a 'yes', a port) are left: replacing them would garble the text, not hide a secret.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const pieces = [...new Set(secrets.flatMap(secretPieces))]
    .filter(p => p.length >= 4)
    .sort((a, b) => b.length - a.length)
  return pieces.reduce((out, piece) => out.split(piece).join('***'), text)
}
