/**
 * The one decision build-image makes per service, on what the registry already holds:
 * build when the content tag is absent; otherwise reuse it and only move the tags that do not
 * already point at its digest. An unchanged rerun therefore builds nothing and writes nothing.
 */
export type ImagePlan =
  | { readonly action: 'build'; readonly retag: readonly string[] }
  | { readonly action: 'reuse'; readonly digest: string; readonly retag: readonly string[] }

export function decideImage(
  contentDigest: string | undefined,
  otherTags: Readonly<Record<string, string | undefined>>
): ImagePlan {
  const tags = Object.keys(otherTags)
  if (contentDigest === undefined) return { action: 'build', retag: tags }
  return {
    action: 'reuse',
    digest: contentDigest,
    retag: tags.filter(t => otherTags[t] !== contentDigest)
  }
}
