import type { Subcommand } from '../program.js'
import { servicesCommand } from './services.js'
import { rehearseCommand } from './rehearse.js'
import { deployCommand } from './deploy.js'
import { planSummaryCommand } from './plan-summary.js'
import { parseCommandCommand } from './parse-command.js'
import { changesCommand } from './changes.js'
import { driftCommand } from './drift.js'
import { planGuardCommand } from './plan-guard.js'
import { secretsCommand } from './secrets-init.js'
import { deployPlanCommand } from './deploy-plan.js'
import { newServiceCommand } from './new-service.js'
import { removeServiceCommand } from './remove-service.js'
import { prCommentCommand } from './pr-comment.js'
import { doctorCommand } from './doctor.js'

/** Every `elm-infra` subcommand. Add one line per subcommand. */
export const commands: readonly Subcommand[] = [
  rehearseCommand,
  deployCommand,
  servicesCommand,
  planSummaryCommand,
  parseCommandCommand,
  changesCommand,
  driftCommand,
  planGuardCommand,
  secretsCommand,
  deployPlanCommand,
  newServiceCommand,
  removeServiceCommand,
  prCommentCommand,
  doctorCommand
]
