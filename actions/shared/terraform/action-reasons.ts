/** Terraform's `action_reason` codes in the words its CLI uses. */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'tainted, so must be replaced',
  replace_because_cannot_update: 'an attribute that cannot be updated in place changed',
  replace_by_request: 'replacement requested (-replace)',
  replace_by_triggers: 'replace_triggered_by changed',
  delete_because_no_resource_config: 'its configuration was removed',
  delete_because_no_module: 'its module was removed',
  delete_because_wrong_repetition: 'count / for_each was added or removed',
  delete_because_count_index: 'its count index is out of range',
  delete_because_each_key: 'its for_each key is no longer present',
  delete_because_no_move_target: 'its moved target is not in the configuration',
  read_because_config_unknown: 'its configuration depends on values known only after apply',
  read_because_dependency_pending: 'it depends on a pending change',
  read_because_check_nested: 'it is used in a check block'
}

/** A short phrase for a reason code; unknown codes are shown as they are. */
export function describeActionReason(code: string): string {
  return REASONS[code] ?? code
}
