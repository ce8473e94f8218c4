import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Service } from '../../shared/catalog/catalog.js'
import { ConfigError, UserError } from '../../shared/errors.js'
import type { Clock, CommandRunner, Logger } from '../../shared/ports.js'
import {
  type BuilderKind,
  buildImage,
  localImageSize,
  pushImage
} from '../../shared/docker/builder.js'
import { computeContentTag } from '../../shared/docker/content-tag.js'
import { formatRepository, pinnedReference, withRegistry } from '../../shared/docker/image-ref.js'
import type { RegistryClient } from '../../shared/docker/registry-client.js'
import { copyTag, readImageSize } from '../../shared/docker/registry-ops.js'
import { RegistryUnreachableError } from '../../shared/docker/registry-errors.js'
import { decideImage } from './decide-image.js'
import { VERSION_FILE, protectReleaseTag, readReleaseVersion } from './release-version.js'

export interface ServiceResult {
  readonly service: string
  readonly repository: string
  /** Every tag the image carries after this run: content tag, SHA, version. */
  readonly tags: readonly string[]
  /** Tags written to the registry by this run (none on an unchanged rerun). */
  readonly written: readonly string[]
  readonly digest: string | undefined
  /** `repo@sha256:…` when pushed; `repo:content-…` for a local-only build. */
  readonly reference: string
  readonly size: number | undefined
  readonly seconds: number
  readonly outcome: 'built' | 'reused'
  /** The release from docker/<service>/VERSION, when read (input release-versions). */
  readonly release?: string
  /** A release tag the registry already held on another digest: left where it was. */
  readonly releaseKept?: string
}

export interface BuildContext {
  readonly root: string
  readonly runner: CommandRunner
  readonly registry: RegistryClient
  readonly logger: Logger
  readonly clock: Clock
  readonly docker: string
  readonly builder: BuilderKind
  readonly push: boolean
  readonly sha: string
  readonly version: string | undefined
  /** Also tag each image with the release in its docker/<service>/VERSION (builds on main). */
  readonly releaseVersions?: boolean
  readonly buildArgs: Readonly<Record<string, string>>
}

/** Builds (or reuses) one service's image and tags it; the caller wraps it in a log group. */
export async function buildService(service: Service, ctx: BuildContext): Promise<ServiceResult> {
  const started = ctx.clock.now()
  const contextDir = join(ctx.root, service.context)
  if (!existsSync(join(contextDir, 'Dockerfile'))) {
    throw new ConfigError(
      `${service.context}/Dockerfile is missing: service '${service.name}' has nothing to build.`
    )
  }
  const contentTag = await computeContentTag(contextDir, ctx.buildArgs)
  const repo = withRegistry(service.image, ctx.registry.registry)
  const release = ctx.releaseVersions
    ? await readReleaseVersion(ctx.root, service.context)
    : undefined
  const others = [
    ...new Set([
      ctx.sha,
      ...(ctx.version === undefined ? [] : [ctx.version]),
      ...(release === undefined ? [] : [release])
    ])
  ]
  const lookup = registryLookup(ctx, repo.path)
  const tagDigests: Record<string, string | undefined> = {}
  for (const tag of others) tagDigests[tag] = await lookup(tag)
  const plan = decideImage(await lookup(contentTag), tagDigests)
  ctx.logger.info(
    `${service.name}: content tag ${contentTag} ${plan.action === 'reuse' ? `already in ${formatRepository(repo)} (${plan.digest}): reusing it` : 'is new: building'}`
  )

  const written: string[] = []
  let digest = plan.action === 'reuse' ? plan.digest : undefined
  if (plan.action === 'build') {
    const reference = `${formatRepository(repo)}:${contentTag}`
    const push = ctx.push && ctx.builder === 'buildx'
    await buildImage(ctx.runner, {
      docker: ctx.docker,
      kind: ctx.builder,
      context: contextDir,
      reference,
      buildArgs: ctx.buildArgs,
      cacheScope: service.name,
      push
    })
    if (ctx.push && ctx.builder === 'docker') await pushImage(ctx.runner, ctx.docker, reference)
    if (ctx.push) {
      digest = await ctx.registry.readDigest(repo.path, contentTag)
      if (digest === undefined) {
        throw new UserError(
          `Pushed ${reference} but ${ctx.registry.registry} does not return its digest (HEAD /v2/${repo.path}/manifests/${contentTag}): ` +
            'refusing to hand the deploy job an image that is not pinned by digest.'
        )
      }
      written.push(contentTag)
    }
  }
  let releaseKept: string | undefined
  if (ctx.push && digest !== undefined) {
    const allowed = protectReleaseTag(
      decideImage(digest, tagDigests).retag,
      release,
      tagDigests,
      digest
    )
    releaseKept = allowed.kept
    if (releaseKept !== undefined) {
      ctx.logger.warning(
        `${service.name}: ${formatRepository(repo)}:${release} already is ${releaseKept}, not this image (${digest}); ` +
          `a release tag never moves, so it was left as it is. Bump ${service.context}/${VERSION_FILE} to release this image.`
      )
    }
    for (const tag of allowed.write) {
      await copyTag(ctx.registry, repo.path, contentTag, tag)
      written.push(tag)
    }
  }
  const size =
    digest !== undefined
      ? await readImageSize(ctx.registry, repo.path, digest)
      : await localImageSize(ctx.runner, ctx.docker, `${formatRepository(repo)}:${contentTag}`)
  ctx.logger.info(
    `${service.name}: ${written.length === 0 ? 'nothing written to the registry' : `wrote ${written.join(', ')}`}`
  )
  return {
    service: service.name,
    repository: formatRepository(repo),
    tags: [contentTag, ...others.filter(t => releaseKept === undefined || t !== release)],
    written,
    digest,
    reference:
      digest === undefined
        ? `${formatRepository(repo)}:${contentTag}`
        : pinnedReference(repo, digest),
    size,
    seconds: (ctx.clock.now() - started) / 1000,
    outcome: plan.action === 'build' ? 'built' : 'reused',
    ...(release === undefined ? {} : { release }),
    ...(releaseKept === undefined ? {} : { releaseKept })
  }
}

/**
 * Reads tag digests. With push: false (pull requests, `elm-infra rehearse --build` offline) an
 * unreachable registry only means "build locally": it is said once and every tag counts as absent.
 * Auth refusals and anything with push: true stay errors.
 */
function registryLookup(
  ctx: BuildContext,
  path: string
): (tag: string) => Promise<string | undefined> {
  let offline = false
  return async tag => {
    if (offline) return undefined
    try {
      return await ctx.registry.readDigest(path, tag)
    } catch (error) {
      if (ctx.push || !(error instanceof RegistryUnreachableError)) throw error
      ctx.logger.warning(`${error.message}; push is false, so building locally without reuse.`)
      offline = true
      return undefined
    }
  }
}
