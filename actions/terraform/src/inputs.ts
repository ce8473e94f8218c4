import {
  bool,
  keyValues,
  oneOf,
  optional,
  positiveInt,
  required,
  type InputSource
} from '../../shared/inputs.js'
import { InputError } from '../../shared/errors.js'
import { readTrustedBot } from '../../shared/github/trusted-bot.js'

export interface TerraformInputs {
  readonly command: 'plan' | 'apply' | 'output'
  readonly workingDirectory: string
  readonly githubToken: string
  /** Whose PR comments are ours: the plan comment and the reviewed plan record. */
  readonly trustedBot: string
  /** The HMAC key of the reviewed-plan record (plan-record.ts); never written anywhere; '' for output. */
  readonly planRecordKey: string
  readonly backendConfig: Readonly<Record<string, string>>
  readonly backendConfigFile: string
  readonly terraformVersion?: string
  readonly pullRequest?: number
  readonly uploadArtifact: boolean
  readonly artifactRetentionDays: number
}

/** Reads and checks every input once. */
export function readInputs(read: InputSource): TerraformInputs {
  const workingDirectory = optional(read, 'working-directory') ?? 'terraform'
  if (workingDirectory.startsWith('/') || workingDirectory.split('/').includes('..'))
    throw new InputError(
      `Input 'working-directory' is '${workingDirectory}': expected a path inside the repository.`
    )
  const version = optional(read, 'terraform-version')
  if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version))
    throw new InputError(
      `Input 'terraform-version' is '${version}': expected an exact version such as 1.11.4.`
    )
  const pr = optional(read, 'pull-request')
  const command = oneOf(read, 'command', ['plan', 'apply', 'output'] as const)
  // plan writes the reviewed-plan record and apply checks it; output reads neither.
  const planRecordKey =
    command === 'output'
      ? (optional(read, 'plan-record-key') ?? '')
      : required(read, 'plan-record-key')
  if (command !== 'output' && planRecordKey.length < 32)
    throw new InputError(
      `Input 'plan-record-key' is ${planRecordKey.length} characters long: expected a random secret of at least 32 characters (e.g. openssl rand -hex 32), the same in the plan and apply jobs.`
    )
  return {
    command,
    workingDirectory,
    githubToken: required(read, 'github-token'),
    trustedBot: readTrustedBot(read),
    planRecordKey,
    backendConfig: keyValues(read, 'backend-config'),
    backendConfigFile: optional(read, 'backend-config-file') ?? 'state.s3.tfbackend',
    terraformVersion: version,
    pullRequest: pr === undefined ? undefined : positiveInt(read, 'pull-request', 1),
    uploadArtifact: bool(read, 'upload-artifact', true),
    artifactRetentionDays: positiveInt(read, 'artifact-retention-days', 5)
  }
}
