/**
 * Go's encoding/json matches field names case-insensitively. These are the Go field names the
 * double knows; request bodies are rewritten to them. Map-valued fields keep their keys. Template
 * owner fields are `Uid`/`Gid` as in structs.Template (hashicorp/nomad nomad/structs/structs.go).
 */
const FIELD_NAMES = `ID Name Namespace Region Type Priority Datacenters NodePool Meta Update TaskGroups Tasks
Count Constraints Affinities Spreads Networks Services Checks RestartPolicy ReschedulePolicy EphemeralDisk
Driver Config Env Resources CPU Cores MemoryMB MemoryMaxMB DiskMB IOPS Devices Stagger MaxParallel
HealthCheck MinHealthyTime HealthyDeadline ProgressDeadline Canary AutoRevert AutoPromote Attempts
Interval Delay Mode DelayFunction MaxDelay Unlimited LTarget RTarget Operand Attribute Weight
SpreadTarget Value Percent DynamicPorts ReservedPorts Label To HostNetwork PortLabel Tags CanaryTags
CanaryMeta Provider Path Timeout Method Protocol Stop Job Diff PolicyOverride EnforceIndex
JobModifyIndex Submission JobHCL Canonicalize Variables DeploymentID All Groups Pause JobID JobVersion
EnforcePriorVersion Stable Templates EmbeddedTmpl DestPath ChangeMode ChangeSignal KillTimeout
KillSignal User Leader ShutdownDelay Vault Artifacts Periodic ParameterizedJob Multiregion Version
Status SubmitTime CreateIndex ModifyIndex AllAtOnce Payload ConsulNamespace Volumes VolumeMounts
Lifecycle Hook Sidecar Identity Identities Consul Disconnect MaxClientDisconnect
StopAfterClientDisconnect PreventRescheduleOnLost SecretID HealthyAllocationIDs UnhealthyAllocationIDs
PromotedAt EvalPriority PreserveCounts PreserveResources Purge Global AddressMode Port InitialStatus
SuccessBeforePassing FailuresBeforeCritical OnUpdate Header Body GRPCService Expose TaskName
Address Mbits IP Device DNS Hostname Servers Searches Options Source Format VariableFlags
SizeMB Sticky Migrate Enabled TaskStates LogConfig MaxFiles MaxFileSizeMB Scaling Min Max
Policy Tagged TaggedVersion Description TLSSkipVerify CheckRestart Grace IgnoreWarnings
Limit ContentType Uid Gid Perms Envvars SplayRatio Splay LeftDelim RightDelim ErrMissingKey
VolumeName ReadOnly Destination PropagationMode AccessMode AttachmentMode PerAlloc ReadOnly`

const CANONICAL = new Map(
  FIELD_NAMES.split(/\s+/)
    .filter(Boolean)
    .map(n => [n.toLowerCase(), n])
)

/** Fields whose value is a map with user keys, kept as written. */
const OPAQUE = new Set([
  'Meta',
  'Env',
  'Config',
  'CanaryMeta',
  'VariableFlags',
  'Details',
  'Header',
  'Options'
])

/** Rewrites object keys to Nomad's Go field names, case-insensitively, recursively. */
export function canonicalKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalKeys)
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    const name = CANONICAL.get(key.toLowerCase()) ?? key
    out[name] = OPAQUE.has(name) ? v : canonicalKeys(v)
  }
  return out
}
