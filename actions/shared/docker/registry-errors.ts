import { UserError } from '../errors.js'

/** The registry refused our credentials (or we had none and it wants some). */
export class RegistryAuthError extends UserError {
  override name = 'RegistryAuthError'
}

/** Any other answer we cannot work with. */
export class RegistryError extends UserError {
  override name = 'RegistryError'
}

/** No answer at all (DNS, connection refused, TLS): the network, not the registry, said no. */
export class RegistryUnreachableError extends RegistryError {
  override name = 'RegistryUnreachableError'
}
