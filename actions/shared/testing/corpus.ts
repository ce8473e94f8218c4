import { join } from 'node:path'

/**
 * Real data nobody on this project wrote (Terraform/OpenTofu plans, GitHub webhook payloads),
 * copied unchanged from the team's shared corpus into `corpus/` so a clean clone's tests find it.
 * See corpus/README.md for sources and licences.
 */
export const CORPUS_DIR = join(import.meta.dirname, '..', '..', '..', 'corpus')
