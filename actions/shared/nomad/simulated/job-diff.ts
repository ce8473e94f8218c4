import type {
  DiffType,
  FieldDiff,
  JobDiff,
  ObjectDiff,
  TaskDiff,
  TaskGroupDiff
} from './diff-types.js'
import { diffFields } from './object-diff.js'
import type { Job } from './types.js'

type Loose = Record<string, unknown>

export type {
  DiffType,
  FieldDiff,
  JobDiff,
  ObjectDiff,
  TaskDiff,
  TaskGroupDiff
} from './diff-types.js'

const TASK_ANNOTATION: Readonly<Record<DiffType, string[] | null>> = {
  Added: ['forces create'],
  Deleted: ['forces destroy'],
  Edited: ['forces create/destroy update'],
  None: null
}

function byName<T extends { Name: string }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map(x => [x.Name, x]))
}

function diffNamed(
  old: Loose | undefined,
  neu: Loose | undefined
): { type: DiffType; fields: FieldDiff[]; objects: ObjectDiff[] } {
  const { fields, objects } = diffFields(old ?? {}, neu ?? {})
  const type = !old
    ? 'Added'
    : !neu
      ? 'Deleted'
      : fields.length || objects.length
        ? 'Edited'
        : 'None'
  return { type, fields, objects }
}

/** Nomad's plan `Diff` between the running job (if any) and the submitted one. */
export function diffJobs(
  old: Job | undefined,
  neu: Job,
  updates: Readonly<Record<string, Record<string, number>>> = {}
): JobDiff {
  const top = diffNamed(old, neu)
  const oldGroups = byName(old?.TaskGroups)
  const newGroups = byName(neu.TaskGroups)
  const groups: TaskGroupDiff[] = []
  for (const name of [...new Set([...oldGroups.keys(), ...newGroups.keys()])]) {
    const og = oldGroups.get(name)
    const ng = newGroups.get(name)
    const g = diffNamed(og, ng)
    const oldTasks = byName(og?.Tasks)
    const newTasks = byName(ng?.Tasks)
    const tasks: TaskDiff[] = [...new Set([...oldTasks.keys(), ...newTasks.keys()])].map(t => {
      const d = diffNamed(oldTasks.get(t), newTasks.get(t))
      return {
        Type: d.type,
        Name: t,
        Fields: d.fields.length ? d.fields : null,
        Objects: d.objects.length ? d.objects : null,
        Annotations: TASK_ANNOTATION[d.type]
      }
    })
    const type = g.type === 'None' && tasks.some(t => t.Type !== 'None') ? 'Edited' : g.type
    const u = updates[name]
    groups.push({
      Type: type,
      Name: name,
      Fields: g.fields.length ? g.fields : null,
      Objects: g.objects.length ? g.objects : null,
      Tasks: tasks,
      Updates: u && Object.keys(u).length ? u : null
    })
  }
  const type = top.type === 'None' && groups.some(g => g.Type !== 'None') ? 'Edited' : top.type
  return {
    Type: type,
    ID: neu.ID,
    Fields: top.fields.length ? top.fields : null,
    Objects: top.objects.length ? top.objects : null,
    TaskGroups: groups
  }
}
