import type { Route } from './http.js'
import { commentRoutes } from './routes/comments.js'
import { deploymentRoutes } from './routes/deployments.js'
import { issueRoutes } from './routes/issues.js'
import { packageRoutes } from './routes/packages.js'
import { repositoryRoutes } from './routes/repository.js'
import { settingsRoutes } from './routes/settings.js'

/** Every endpoint the double speaks, and the matcher from (method, path) to a route. */

export const ROUTES: readonly Route[] = [
  ...commentRoutes,
  ...issueRoutes,
  ...deploymentRoutes,
  ...repositoryRoutes,
  ...packageRoutes,
  ...settingsRoutes
]

interface Compiled {
  readonly route: Route
  readonly regex: RegExp
  readonly names: readonly string[]
}

const COMPILED: readonly Compiled[] = ROUTES.map(route => {
  const names: string[] = []
  const source = route.pattern.replace(/:([a-z]+)/g, (_, name: string) => {
    names.push(name)
    return '([^/]+)'
  })
  return { route, regex: new RegExp(`^${source}/?$`), names }
})

/** The route for this request with its decoded path parameters, if any. */
export function matchRoute(
  method: string,
  path: string
): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, regex, names } of COMPILED) {
    if (route.method !== method) continue
    const match = regex.exec(path)
    if (!match) continue
    const params: Record<string, string> = {}
    names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1] ?? '')))
    return { route, params }
  }
  return undefined
}
