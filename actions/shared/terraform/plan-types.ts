/**
 * The parts of `terraform show -json <planfile>` that elm-infra reads, as a domain type. External
 * JSON becomes this only through parsePlan (parse-plan.ts).
 */

/** A JSON value as Terraform writes it. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** One change: the actions and the values on either side, with unknown and sensitive markers. */
export interface Change {
  readonly actions: readonly string[]
  readonly before: JsonValue
  readonly after: JsonValue
  /** true, or a structure of `true` leaves where a value is known only after apply. */
  readonly afterUnknown: JsonValue
  /** true, or a structure of `true` leaves marking sensitive parts of before/after. */
  readonly beforeSensitive: JsonValue
  readonly afterSensitive: JsonValue
  /** Present when the object is being imported. */
  readonly importing: boolean
}

export interface ResourceChange {
  readonly address: string
  readonly previousAddress?: string
  readonly mode: 'managed' | 'data'
  readonly type: string
  /** Set when the change is for a deposed object (create_before_destroy leftovers). */
  readonly deposed?: string
  readonly actionReason?: string
  readonly change: Change
}

export interface Plan {
  readonly formatVersion: string
  readonly terraformVersion?: string
  readonly resourceChanges: readonly ResourceChange[]
  readonly resourceDrift: readonly ResourceChange[]
  readonly outputChanges: ReadonlyMap<string, Change>
  /** Invocations of Terraform 1.14 `action` blocks (counted by the CLI beside resources). */
  readonly actionInvocations: number
  /** true when planning failed part way (`errored`). */
  readonly errored: boolean
  /**
   * The plan's own time (`timestamp`, RFC 3339), which is also what `plantimestamp()` returned
   * (hashicorp/terraform internal/command/jsonplan/plan.go Marshal; internal/lang/functions.go).
   */
  readonly timestamp?: string
  /** Root variables as planned (`variables`; sensitive ones are in clear there too). */
  readonly variables: ReadonlyMap<string, PlanVariable>
}

/** A root module variable's planned value; `sensitive` from its declaration. */
export interface PlanVariable {
  readonly value: JsonValue
  readonly sensitive: boolean
}
