import { findService } from '../../shared/catalog/catalog.js'
import { UserError } from '../../shared/errors.js'
import type { ChatopsDeps } from './deps.js'
import { findImage } from './find-image.js'
import type { ResolveInputs } from './inputs.js'

/**
 * resolve mode (workflow_dispatch's check job, which holds no production secret): the service's
 * image at that version — a release, a full SHA or a unique SHA prefix — checked in the registry
 * and handed to the deploy job pinned by digest, exactly as /deploy does.
 */
export async function runResolve(deps: ChatopsDeps, inputs: ResolveInputs): Promise<void> {
  const catalog = await deps.loadCatalog(inputs.root)
  const service = findService(catalog, inputs.service)
  const image = await findImage(deps, inputs, service, inputs.version)
  if (!image.found) {
    const what = image.ambiguous ? 'matches several commits' : 'has no image'
    throw new UserError(
      `${inputs.service} ${inputs.version} ${what} in ${image.repository}: ` +
        (image.available.length > 0
          ? `${image.ambiguous ? 'candidates' : 'latest versions'}: ${image.available.join(', ')}`
          : 'the registry has no deployable versions of it')
    )
  }
  const outputs: Record<string, string> = {
    service: service.name,
    version: image.tag,
    'job-file': service.jobFile,
    image: image.repository,
    'image-ref': image.ref
  }
  for (const [name, value] of Object.entries(outputs)) deps.outputs.set(name, value)
  await deps.summary.write(
    `## Deploy ${service.name} ${inputs.version}\n\n${image.repository}:${image.tag} is ${image.ref}.\n`
  )
}
