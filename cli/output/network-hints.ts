import {
  NomadApiError,
  NomadNetworkError,
  NomadTlsError
} from '../../actions/shared/nomad/client/errors.js'

/**
 * What to try next for a failure to reach Nomad, by error class (Node's socket error codes:
 * https://nodejs.org/api/errors.html#common-system-errors). Undefined when there is nothing to add.
 */
export function networkHint(thrown: unknown, address: string | undefined): string | undefined {
  const at = address ?? 'the Nomad address'
  // "gave up after N attempts" wraps the last fault (retry.ts: `cause`): the hint is for that.
  let error = thrown
  for (let i = 0; i < 5 && error instanceof Error && error.cause !== undefined; i++) {
    if (
      error instanceof NomadTlsError ||
      error instanceof NomadApiError ||
      error instanceof NomadNetworkError
    )
      break
    error = error.cause
  }
  if (error instanceof NomadTlsError) return tlsHint(error.message, at)
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
      return `Hint: ${at} closed the connection: is it a Nomad agent (not another service on that port), and does it speak ${at.startsWith('https') ? "HTTPS? Nomad's API also closes on a client without a certificate: set NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY" : 'plain HTTP (a TLS cluster needs https://)'}?`
    case 'EPROTO':
      return `Hint: the TLS handshake with ${at} was refused: Nomad's API requires a client certificate (NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY), or the port speaks plain HTTP (then use http://).`
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
  if (/TLS verification failed/.test(reason)) return tlsHint(reason, address ?? 'the Nomad address')
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

/**
 * TLS failures by OpenSSL's verify code, as Node names them in `error.code`
 * (https://nodejs.org/api/tls.html "X509 certificate error codes"; client-http.ts keeps the code in
 * the message). Nomad agents present a certificate from the cluster's own CA naming
 * server.<region>.nomad, and require one from the client (`verify_https_client`).
 */
export function tlsHint(message: string, at: string): string {
  const code = /\(([A-Z_]+)\)\s*$/.exec(message)?.[1] ?? ''
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return `Hint: the certificate of ${at} has expired (or this machine's clock is wrong): check \`openssl s_client -connect <host:port> </dev/null | openssl x509 -noout -dates\`; renew the agents' certificates (ansible/README.md) if so.`
    case 'CERT_NOT_YET_VALID':
      return `Hint: the certificate of ${at} is not valid yet: this machine's clock (or the CA's) is off.`
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return `Hint: ${at} presented a certificate from a CA this machine does not trust: set NOMAD_CACERT to the cluster's CA (PEM; nomad-agent-ca.pem from \`elm-infra secrets init\`).`
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return `Hint: the certificate of ${at} does not name that host: Nomad's names server.<region>.nomad, so set NOMAD_TLS_SERVER_NAME=server.global.nomad.`
    default:
      return `Hint: the TLS handshake with ${at} failed: set NOMAD_CACERT to the cluster's CA (PEM), NOMAD_CLIENT_CERT/NOMAD_CLIENT_KEY (the API requires a client certificate), and NOMAD_TLS_SERVER_NAME if the certificate names another host.`
  }
}
