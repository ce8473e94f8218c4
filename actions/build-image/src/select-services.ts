import type { Catalog, Service } from '../../shared/catalog/catalog.js'
import { findService } from '../../shared/catalog/catalog.js'
import { detectChanges } from '../../shared/changes/detect-changes.js'
import { isNullSha, listChangedFiles } from '../../shared/changes/git-diff.js'
import type { CommandRunner } from '../../shared/ports.js'
import type { ServiceSelection } from './inputs.js'

/** Turns the `services` input into catalog entries (changed ones via git diff base..sha). */
export async function selectServices(
  selection: ServiceSelection,
  catalog: Catalog,
  git: { readonly runner: CommandRunner; readonly root: string; readonly sha: string }
): Promise<Service[]> {
  if (selection.kind === 'all') return [...catalog.services]
  if (selection.kind === 'list') return selection.names.map(name => findService(catalog, name))
  if (isNullSha(selection.base)) return [...catalog.services]
  const files = await listChangedFiles(git.runner, git.root, selection.base, git.sha)
  const names = detectChanges(files, catalog).services
  return catalog.services.filter(s => names.includes(s.name))
}
