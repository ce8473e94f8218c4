import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { staleGenerated, writeGenerated } from '../../actions/shared/catalog/load-generated.js'
import * as rules from '../options/rules.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'

interface ServicesOptions {
  json?: boolean
  matrix?: boolean
  write?: boolean
  check?: boolean
  root?: string
}

/**
 * `elm-infra services [--json|--matrix|--write|--check]`: the catalog, for humans and for workflow
 * matrices; `--write`/`--check` keep the files that hold a generated copy of it in step
 * (actions/shared/catalog/generated.ts: Terraform's subdomains, the READMEs' service tables).
 */
export const servicesCommand: Subcommand = {
  register(program, context) {
    program
      .command('services')
      .description('List the services (docker/<name>/ + nomad/<name>.nomad.hcl) and platform jobs')
      .option('--json', 'print the catalog as JSON')
      .option('--matrix', 'print a GitHub Actions matrix: {"service":[...]}')
      .option(
        '--write',
        "rewrite the files generated from the catalog (terraform/services.auto.tfvars.json, the READMEs' service tables)"
      )
      .option('--check', 'exit 1 if a file generated from the catalog differs from it')
      .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
      .action(async (options: ServicesOptions) => {
        const root = await repoRoot(context, options.root)
        const catalog = await loadCatalog(root)
        if (options.write) {
          const written = await writeGenerated(root)
          for (const path of written) context.terminal.out(`wrote ${path}`)
          if (written.length === 0) context.terminal.out('every generated file is up to date')
        } else if (options.check) {
          const stale = await staleGenerated(root)
          for (const file of stale)
            context.terminal.err(
              `${file.path} differs from the job files: run \`npx elm-infra services --write\` and commit it`
            )
          context.exitCode = stale.length === 0 ? 0 : 1
          return
        } else if (options.matrix) {
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
