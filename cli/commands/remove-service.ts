import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { findService } from '../../actions/shared/catalog/catalog.js'
import { loadCatalog, parseHclFile } from '../../actions/shared/catalog/load-catalog.js'
import { writeGenerated } from '../../actions/shared/catalog/load-generated.js'
import { InputError, UserError } from '../../actions/shared/errors.js'
import { listFiles } from '../new-service/files.js'
import * as rules from '../options/rules.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'

/** Whether a parsed job mounts a CSI volume (the package site's pattern: it keeps data). */
function keepsData(parsed: unknown): boolean {
  return JSON.stringify(parsed).includes('"type":"csi"')
}

/** `elm-infra remove-service <name>`: new-service in reverse, and the one PR. */
export const removeServiceCommand: Subcommand = {
  register(program, context) {
    program
      .command('remove-service')
      .argument('<name>', 'a service of the catalog (elm-infra services)', rules.service)
      .description(
        'Remove a service: docker/<name>/ and nomad/<name>.nomad.hcl, and the files generated from them (its DNS name and certificate name go with them)'
      )
      .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
      .addHelpText(
        'after',
        '\nExit codes: 0 removed, 1 refused (a service that keeps data), 2 not a service.'
      )
      .action(async (name: string, flags: { root?: string }) => {
        const root = await repoRoot(context, flags.root)
        const catalog = await loadCatalog(root)
        // A name that is no service is bad input (exit 2), not a broken catalog.
        if (!catalog.services.some(s => s.name === name))
          throw new InputError(
            `Unknown service '${name}': expected one of ${catalog.services.map(s => s.name).join(', ')}`
          )
        const service = findService(catalog, name)
        if (keepsData(await parseHclFile(root, service.jobFile))) {
          throw new UserError(
            `${name} keeps data on a volume (${service.jobFile}): remove-service will not delete a service whose data would go with it. Take a last backup, stop the job, delete the volume and its backup by hand (README, "The package site's data"), then remove the files in a pull request.`
          )
        }
        const removed = [...(await listFiles(root, service.context)), service.jobFile]
        await rm(join(root, service.context), { recursive: true, force: true })
        await rm(join(root, service.jobFile), { force: true })
        const generated = await writeGenerated(root)
        const out = (line: string): void => context.terminal.out(line)
        out(`Removed ${name} (${service.publicUrl}):`)
        for (const path of removed) out(`  deleted  ${path}`)
        for (const path of generated) out(`  updated  ${path} (generated from the job files)`)
        out('')
        out('Open one pull request with these changes, e.g.:')
        out(
          `  git checkout -b remove-${name} && git add -A docker/${name} ${service.jobFile} ${generated.join(' ')}`
        )
        out(`  git commit -m "Remove ${name}" && gh pr create --fill`)
        out(
          `Its Terraform plan comment shows the record and the certificate name of ${new URL(service.publicUrl).hostname} going away, and its Nomad diff comment the job ${service.jobId} that will be stopped.`
        )
        out(
          `After the merge (Terraform applies the plan), stop the job with a Nomad token that may: nomad job stop -purge ${service.jobId} (the pipeline deploys jobs and never stops one; until then the daily drift check reports it as running with no job file in nomad/, actions/shared/drift/nomad-drift.ts); the images stay in ${service.image} until you delete the package.`
        )
        context.exitCode = 0
      })
  }
}
