import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engines, requireEngine } from '../testing/engines.js'
import { MODULE_DIR } from './testing/module.js'

const run = requireEngine('terraform', engines.terraform())

describe('terraform fmt', () => {
  if (!run) {
    it('is not run: no terraform binary here (the warning above says why)', () =>
      expect(run).toBe(false))
    return
  }
  it('finds terraform/ formatted (fmt -check -recursive)', () => {
    const config = join(mkdtempSync(join(tmpdir(), 'tf-cli-')), 'empty.tfrc')
    writeFileSync(config, '')
    const out = execFileSync('terraform', ['fmt', '-check', '-recursive', '-diff', MODULE_DIR], {
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: config },
      encoding: 'utf8'
    })
    expect(out).toBe('')
  })
})
