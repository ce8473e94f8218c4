import { InputError } from '../../actions/shared/errors.js'
import { parseDuration } from '../../actions/shared/inputs.js'
import type { Subcommand } from '../program.js'
import { rehearse } from '../rehearse/pipeline.js'

interface RehearseFlags {
  unhealthy: string[]
  build?: boolean
  version: string
  running: string
  speed: string
  timeout: string
  root: string
}

/** `elm-infra rehearse`: the push-to-main pipeline on this machine (README's main command). */
export const rehearseCommand: Subcommand = {
  register(program, context) {
    program
      .command('rehearse')
      .description(
        'Rehearse the push-to-main pipeline here: a simulated Nomad cluster in-process by default, the cluster at NOMAD_ADDR when set'
      )
      .option(
        '--unhealthy <service>',
        "make this service's new version fail its health checks (repeatable)",
        collect,
        []
      )
      .option(
        '--build',
        'build the images first (needs a running Docker engine; skipped with a note otherwise)'
      )
      .option('--version <version>', 'the version to deploy', '1.1.0')
      .option(
        '--running <version>',
        'the version the simulated cluster runs before the deploy',
        '1.0.0'
      )
      .option(
        '--speed <factor>',
        "how much faster than real time the simulated cluster's clock runs",
        '60'
      )
      .option('--timeout <duration>', 'give up on one deploy after this long (cluster time)', '15m')
      .option('--root <dir>', 'repository root', context.cwd)
      .addHelpText(
        'after',
        '\nExit codes: 0 every deploy succeeded, 1 a deploy failed (e.g. --unhealthy), 2 usage error.'
      )
      .action(async (flags: RehearseFlags) => {
        const speed = Number(flags.speed)
        if (!Number.isFinite(speed) || speed < 1 || speed > 1000) {
          throw new InputError(`--speed is '${flags.speed}': expected a number from 1 to 1000.`)
        }
        const timeoutMs = parseDuration(flags.timeout)
        if (timeoutMs === undefined)
          throw new InputError(`--timeout is '${flags.timeout}': expected a duration such as 15m.`)
        context.exitCode = await rehearse({
          root: flags.root,
          env: context.env,
          terminal: context.terminal,
          unhealthy: flags.unhealthy,
          build: flags.build === true,
          version: flags.version,
          runningVersion: flags.running,
          speed,
          healthyAfterMs: 3000,
          timeoutMs
        })
      })
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}
