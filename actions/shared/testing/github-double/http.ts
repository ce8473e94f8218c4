import { repoId, type DoubleState } from './state.js'

/** What a route handler sees and returns; the server turns it into an HTTP response. */
export interface RouteContext {
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly body: Readonly<Record<string, unknown>>
  /** The authenticated login. */
  readonly login: string
  readonly state: DoubleState
  /** The double's base URL, used in `url` fields and `Link` headers. */
  readonly api: string
  readonly path: string
  readonly now: () => string
}

export interface RouteResult {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** `/repos/:owner/:repo/issues/:number` style. */
  readonly pattern: string
  /** GitHub's documentation_url for this endpoint. */
  readonly docs: string
  readonly handle: (ctx: RouteContext) => RouteResult
}

export interface FieldError {
  readonly resource: string
  readonly code: string
  readonly field: string
  readonly message?: string
}

/** A GitHub error response: `{message, documentation_url, errors?}` with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: readonly FieldError[],
    readonly headers: Readonly<Record<string, string>> = {}
  ) {
    super(message)
  }
}

export const notFound = (): HttpError => new HttpError(404, 'Not Found')

export function validationFailed(errors: readonly FieldError[]): HttpError {
  return new HttpError(422, 'Validation Failed', errors)
}

/** GitHub's limit on comment and issue bodies, counted in characters (code points). */
export const BODY_LIMIT = 65_536

/** 422s a body over GitHub's limit, with GitHub's own wording. */
export function checkBodyLength(resource: string, body: string): void {
  if ([...body].length > BODY_LIMIT || Buffer.byteLength(body) > BODY_LIMIT * 4) {
    throw validationFailed([
      {
        resource,
        code: 'unprocessable',
        field: 'data',
        message: `Body is too long (maximum is ${BODY_LIMIT} characters)`
      }
    ])
  }
}

/** A required string field of the JSON body, or a 422 naming it. */
export function requireString(ctx: RouteContext, resource: string, field: string): string {
  const value = ctx.body[field]
  if (typeof value === 'string' && value !== '') return value
  throw validationFailed([{ resource, code: 'missing_field', field }])
}

export function optionalString(ctx: RouteContext, field: string): string | undefined {
  const value = ctx.body[field]
  return typeof value === 'string' ? value : undefined
}

/** The repository in the path, which must exist. */
export function repoOf(ctx: RouteContext): string {
  const repo = `${ctx.params['owner'] ?? ''}/${ctx.params['repo'] ?? ''}`
  if (!ctx.state.repos.includes(repo)) throw notFound()
  return repo
}

export function numberParam(ctx: RouteContext, name: string): number {
  const value = Number(ctx.params[name])
  if (!Number.isSafeInteger(value) || value <= 0) throw notFound()
  return value
}

/**
 * The path GitHub writes in page links: for repository listings often `/repositories/{id}/…`
 * rather than the `/repos/{owner}/{repo}/…` that was asked (seen in real `Link` headers; Octokit's
 * paginate follows whatever URL the header holds).
 */
function linkPath(ctx: RouteContext): string {
  const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(ctx.path)
  if (ctx.state.linkStyle !== 'repositories' || !match) return ctx.path
  const repo = `${match[1] ?? ''}/${match[2] ?? ''}`
  if (!ctx.state.repos.includes(repo)) return ctx.path
  return `/repositories/${repoId(ctx.state, repo)}${match[3] ?? ''}`
}

/** One page of `items` with GitHub's `per_page`/`page` rules and RFC 5988 `Link` header. */
export function paginate<T>(
  ctx: RouteContext,
  items: readonly T[],
  render: (item: T) => unknown
): RouteResult {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page')) || 30))
  const page = Math.max(1, Number(ctx.query.get('page')) || 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const body = items.slice((page - 1) * perPage, page * perPage).map(render)
  const at = (n: number): string => {
    const query = new URLSearchParams(ctx.query)
    query.set('per_page', String(perPage))
    query.set('page', String(n))
    return `<${ctx.api}${linkPath(ctx)}?${query.toString()}>`
  }
  const links: string[] = []
  if (page > 1) links.push(`${at(Math.min(page - 1, last))}; rel="prev"`)
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`)
  if (page > 1) links.push(`${at(1)}; rel="first"`)
  return { status: 200, body, headers: links.length > 0 ? { link: links.join(', ') } : {} }
}
