import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import * as rules from '../options/rules.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'

/** `elm-infra services [--json|--matrix]`: the catalog, for humans and for workflow matrices. */
export const servicesCommand: Subcommand = {
  register(program, context) {
    program
      .command('services')
      .description('List the services (docker/<name>/ + nomad/<name>.nomad.hcl) and platform jobs')
      .option('--json', 'print the catalog as JSON')
      .option('--matrix', 'print a GitHub Actions matrix: {"service":[...]}')
      .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
      .action(async (options: { json?: boolean; matrix?: boolean; root?: string }) => {
        const catalog = await loadCatalog(await repoRoot(context, options.root))
        if (options.matrix) {
          context.terminal.out(JSON.stringify({ service: catalog.services.map(s => s.name) }))
        } else if (options.json) {
          context.terminal.out(JSON.stringify(catalog, null, 2))
        } else {
          for (const s of catalog.services) {
            context.terminal.out(
              `${s.name.padEnd(16)} ${s.image.padEnd(36)} ${s.publicUrl} (health ${s.healthPath})`
            )
          }
          for (const j of catalog.jobs.filter(
            j => !catalog.services.some(s => s.jobFile === j.jobFile)
          )) {
            context.terminal.out(`${j.jobId.padEnd(16)} platform ${j.type} job (${j.jobFile})`)
          }
        }
        context.exitCode = 0
      })
  }
}
