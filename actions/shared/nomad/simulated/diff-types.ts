/** The shapes of Nomad's plan diff (`nomad/structs/diff.go`). */

/** Nomad's diff types. */
export type DiffType = 'None' | 'Added' | 'Deleted' | 'Edited'

export interface FieldDiff {
  Type: DiffType
  Name: string
  Old: string
  New: string
  Annotations: string[] | null
}

export interface ObjectDiff {
  Type: DiffType
  Name: string
  Fields: FieldDiff[] | null
  Objects: ObjectDiff[] | null
}

export interface TaskDiff extends ObjectDiff {
  Annotations: string[] | null
}

export interface TaskGroupDiff extends ObjectDiff {
  Tasks: TaskDiff[] | null
  Updates: Record<string, number> | null
}

export interface JobDiff {
  Type: DiffType
  ID: string
  Fields: FieldDiff[] | null
  Objects: ObjectDiff[] | null
  TaskGroups: TaskGroupDiff[] | null
}
