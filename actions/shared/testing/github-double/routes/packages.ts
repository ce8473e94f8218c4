import { HttpError, numberParam, paginate, type Route, type RouteContext } from '../http.js'
import { renderPackageVersion } from '../render.js'
import type { StoredPackage } from '../state.js'

/** GHCR container package versions, under /orgs/{org} and /users/{user}. */

const DOCS = 'https://docs.github.com/rest/packages/packages'

function packageOf(ctx: RouteContext, ownerKind: 'orgs' | 'users'): StoredPackage {
  const owner = ctx.params['owner'] ?? ''
  const name = ctx.params['name'] ?? ''
  const found = ctx.state.packages.find(
    p => p.ownerKind === ownerKind && p.owner === owner && p.name === name
  )
  // A package the token may not read is indistinguishable from a missing one: 404 either way.
  if (!found || found.readable === false) throw new HttpError(404, 'Package not found.')
  return found
}

function routesFor(ownerKind: 'orgs' | 'users'): Route[] {
  const base = `/${ownerKind}/:owner/packages/container/:name/versions`
  const scope = ownerKind === 'orgs' ? 'organization' : 'user'
  return [
    {
      method: 'GET',
      pattern: base,
      docs: `${DOCS}#list-package-versions-for-a-package-owned-by-${ownerKind === 'orgs' ? 'an-organization' : 'a-user'}`,
      handle: ctx => {
        const pkg = packageOf(ctx, ownerKind)
        const deleted = ctx.query.get('state') === 'deleted'
        const versions = pkg.versions
          .filter(v => (v.deleted ?? false) === deleted)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)
        return paginate(ctx, versions, v => renderPackageVersion(ctx.api, pkg, v))
      }
    },
    {
      method: 'DELETE',
      pattern: `${base}/:id`,
      docs: `${DOCS}#delete-package-version-for-${scope === 'organization' ? 'an-organization' : 'a-user'}`,
      handle: ctx => {
        const pkg = packageOf(ctx, ownerKind)
        const id = numberParam(ctx, 'id')
        const version = pkg.versions.find(v => v.id === id && !v.deleted)
        if (!version) throw new HttpError(404, 'Package version not found.')
        version.deleted = true
        return { status: 204 }
      }
    }
  ]
}

export const packageRoutes: readonly Route[] = [...routesFor('orgs'), ...routesFor('users')]
