import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CORPUS_DIR } from '../../testing/corpus.js'

/** The corpus of real plans (tests only): `corpus/terraform-plans`. */
export const CORPUS = process.env['ELM_INFRA_PLAN_CORPUS'] ?? join(CORPUS_DIR, 'terraform-plans')

export interface CorpusCase {
  readonly name: string
  readonly file: string
  readonly text: string
  /** The human plan beside it (OpenTofu cases only). */
  readonly humanPlan?: string
}

/** Every `<family>/<case>/plan.json` in the corpus. */
export function corpusCases(): CorpusCase[] {
  return readdirSync(CORPUS).flatMap(family =>
    readdirSync(join(CORPUS, family)).map(name => {
      const dir = join(CORPUS, family, name)
      const files = readdirSync(dir)
      return {
        name: `${family}/${name}`,
        file: join(dir, 'plan.json'),
        text: readFileSync(join(dir, 'plan.json'), 'utf8'),
        humanPlan: files.includes('plan.txt')
          ? readFileSync(join(dir, 'plan.txt'), 'utf8')
          : undefined
      }
    })
  )
}
