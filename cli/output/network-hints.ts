import {
  NomadApiError,
  NomadNetworkError,
  NomadTlsError
} from '../../actions/shared/nomad/client-errors.js'

/**
 * What to try next for a failure to reach Nomad, by error class (Node's socket error codes:
 * https://nodejs.org/api/errors.html#common-system-errors). Undefined when there is nothing to add.
 */
export function networkHint(error: unknown, address: string | undefined): string | undefined {
  const at = address ?? 'the Nomad address'
  if (error instanceof NomadTlsError)
    return `Hint: the TLS handshake with ${at} failed: set NOMAD_CACERT to the cluster's CA (PEM), and NOMAD_TLS_SERVER_NAME if the certificate names another host.`
  if (error instanceof NomadApiError) {
    if (error.status === 403)
      return 'Hint: Nomad refused the token: set NOMAD_TOKEN to an ACL token with submit-job and read-job (read-job for drift).'
    return undefined
  }
  if (!(error instanceof NomadNetworkError)) return undefined
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Hint: nothing listens at ${at}: check the address (scheme, host, port 4646), that the Nomad agent runs, and your VPN or SSH tunnel.`
    case 'ETIMEDOUT':
      return `Hint: ${at} accepted the connection (or dropped it silently) but never answered: a firewall dropping packets, a proxy in the way, or an overloaded agent. \`curl -m 5 ${at}/v1/agent/health\` tells which.`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Hint: the host name of ${at} does not resolve: check the spelling, or your DNS/VPN.`
    case 'ECONNRESET':
    case 'EPIPE':
      return `Hint: ${at} closed the connection: is it a Nomad agent (not another service on that port), and does it speak ${at.startsWith('https') ? 'HTTPS' : 'plain HTTP'}?`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Hint: no route to ${at}: are you on the VPN, or is the address private to the cluster's network?`
    default:
      return undefined
  }
}

/** The same hint from a deploy result's reason text (the deploy loop keeps the message, not the error). */
export function networkHintForReason(
  reason: string,
  address: string | undefined
): string | undefined {
  const code = /no answer within \d+ ms/.test(reason)
    ? 'ETIMEDOUT'
    : /\((E[A-Z_]+)\)/.exec(reason)?.[1]
  return code === undefined ? undefined : networkHint(new NomadNetworkError(reason, code), address)
}

/** A progress line for each retried request, so a silent server is never four minutes of silence. */
export function retryProgress(
  say: (line: string) => void,
  address: string
): (what: string, attempt: number, error: unknown) => void {
  return (what, attempt, error) => {
    const why = error instanceof Error ? error.message : String(error)
    say(`Nomad at ${address}: ${what} failed (${why}); retrying (attempt ${attempt + 1})…`)
  }
}
