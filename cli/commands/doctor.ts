import { judgeSettings } from '../../actions/shared/repo/doctor.js'
import { type ApiGet, readSettings } from '../../actions/shared/repo/read-settings.js'
import * as rules from '../options/rules.js'
import type { Subcommand } from '../program.js'

/** GET over fetch with the token from GITHUB_TOKEN or GH_TOKEN, against GITHUB_API_URL. */
function apiGet(env: Readonly<Record<string, string | undefined>>): ApiGet {
  const api = (env['GITHUB_API_URL'] ?? 'https://api.github.com').replace(/\/$/, '')
  const token = env['GITHUB_TOKEN'] ?? env['GH_TOKEN']
  return async path => {
    const response = await fetch(`${api}${path}`, {
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        ...(token ? { authorization: `Bearer ${token}` } : {})
      }
    })
    const text = await response.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON: kept as text for the message
    }
    return { status: response.status, body }
  }
}

/**
 * `elm-infra doctor [--repo owner/name] [--branch main]`: reads the repository's settings through
 * the REST API and says what the README's protection needs and is missing
 * (actions/shared/repo/doctor.ts). Exit 0 when nothing is missing, 1 otherwise.
 */
export const doctorCommand: Subcommand = {
  register(program, context) {
    program
      .command('doctor')
      .description(
        "Check the repository's settings: a protected main, code owners for .github/, actions/ and terraform/, main-only environments"
      )
      .option(
        '--repo <owner/name>',
        'the repository (default: GITHUB_REPOSITORY)',
        rules.repository
      )
      .option('--branch <name>', 'the branch that deploys', rules.branch, 'main')
      .action(async (options: { repo?: string; branch: string }) => {
        const repo =
          options.repo ??
          rules.check(
            rules.repository,
            '--repo (or GITHUB_REPOSITORY)',
            context.env['GITHUB_REPOSITORY'] ?? ''
          )
        const findings = judgeSettings(
          await readSettings(apiGet(context.env), repo, options.branch)
        )
        for (const f of findings) {
          context.terminal.out(
            `${f.ok ? '✓' : '✗'} ${f.what}${f.ok || !f.fix ? '' : `\n    fix: ${f.fix}`}`
          )
        }
        const missing = findings.filter(f => !f.ok).length
        context.terminal.out(
          missing === 0 ? `${repo}: nothing missing.` : `${repo}: ${missing} setting(s) missing.`
        )
        context.exitCode = missing === 0 ? 0 : 1
      })
  }
}
