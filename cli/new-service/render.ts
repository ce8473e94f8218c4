/**
 * The files `elm-infra new-service` writes for one service: docker/<name>/ (Dockerfile,
 * .dockerignore, VERSION, smoke.sh and, for a static site, its nginx template) and
 * nomad/<name>.nomad.hcl, following every job rule (actions/shared/nomad/job-rules.ts) and
 * Dockerfile rule (actions/shared/docker/dockerfile-rules.ts) of the project. Pure: the answers
 * and the pinned base images come in, the texts go out.
 */

/** Where the service's content comes from. */
export type ServiceSource =
  | {
      readonly kind: 'repo'
      /** https://github.com/<owner>/<repo> (its /archive/<commit>.tar.gz is what the build ADDs). */
      readonly repository: string
      /** A full commit SHA: the build is pinned to it. */
      readonly commit: string
      /** The shell command that builds it, run in the repository's root. */
      readonly build: string
      /** Static: the folder the build writes the site to, relative to the repository's root. */
      readonly output?: string | undefined
      /** Server: the command that starts it (it must listen on $PORT and answer /healthz). */
      readonly start?: string | undefined
    }
  | {
      readonly kind: 'image'
      /** An existing image pinned by digest: repo[:tag]@sha256:<64 hex>. */
      readonly image: string
      /** Static: the folder inside that image holding the site. */
      readonly path?: string | undefined
    }

export interface NewService {
  readonly name: string
  readonly host: string
  readonly kind: 'static' | 'server'
  /** The port the image listens on ($PORT): 8080 for a static site. */
  readonly port: number
  readonly instances: number
  readonly source: ServiceSource
  /** The image repository, e.g. ghcr.io/elm/<name>. */
  readonly image: string
  /** The pinned bases: the builder (repo builds) and nginx (static sites). */
  readonly bases: { readonly build: string; readonly nginx: string }
  /** The user the server runs as, uid:gid (never root). */
  readonly user: string
}

export interface RenderedFile {
  readonly path: string
  readonly text: string
  /** Whether the file is executable. */
  readonly mode?: number
}

/** The health path of every service (the job rules and the Dockerfile rules ask for it). */
export const HEALTH_PATH = '/healthz'
/** What nginx listens on in a static site's image (the Dockerfile rules' default port). */
export const STATIC_PORT = 8080

const q = (s: string): string => JSON.stringify(s)

function jobFile(s: NewService): string {
  const static_ = s.kind === 'static'
  const resources = static_
    ? { cpu: 100, memory: 64, memoryMax: 128 }
    : { cpu: 200, memory: 256, memoryMax: 512 }
  return `# ${s.host}: ${static_ ? 'a static site' : 'a server'} (made by \`elm-infra new-service\`). Deployed by
# actions/nomad-deploy with \`image\` (${s.image}@sha256:…) and \`version\` (the git tag or SHA).

variable "image" {
  type        = string
  description = "Full image reference, pinned by digest (${s.image}@sha256:…)."
  default     = "${s.image}:main"
}

variable "version" {
  type        = string
  description = "Release being deployed (git tag or commit SHA); shown in Nomad and the logs."
  default     = "unversioned"
}

job "${s.name}" {
  type        = "service"
  datacenters = ["*"]

  # The catalog (actions/shared/catalog) reads the image repository and public URL from here.
  meta {
    image   = "${s.image}"
    url     = "https://${s.host}"
    version = var.version
  }

  group "${s.name}" {
    count = ${s.instances}

    # Consul deregisters the service first; Traefik stops routing before the task is killed.
    shutdown_delay = "5s"

    # Soft spread, not distinct_hosts: on a two-node cluster the canary must still find a node.
    spread {
      attribute = "\${node.unique.id}"
      weight    = 100
    }

    update {
      max_parallel      = 1
      canary            = 1
      auto_promote      = false
      auto_revert       = true
      health_check      = "checks"
      min_healthy_time  = "10s"
      healthy_deadline  = "3m"
      progress_deadline = "10m"
    }

    network {
      port "http" {
        to = ${s.port}
      }
    }

    service {
      name     = "${s.name}"
      port     = "http"
      provider = "consul"
      tags = [
        "traefik.enable=true",
        "traefik.http.routers.${s.name}.rule=Host(\`${s.host}\`)",
        "traefik.http.routers.${s.name}.entrypoints=web",
      ]
      # Canaries get their own Traefik service and a router that only matches a header, so they
      # never receive production traffic before promotion.
      canary_tags = [
        "traefik.enable=true",
        "traefik.consulcatalog.canary=true",
        "traefik.http.routers.${s.name}-canary.rule=Host(\`${s.host}\`) && Header(\`X-Elm-Canary\`, \`1\`)",
        "traefik.http.routers.${s.name}-canary.entrypoints=web",
      ]

      check {
        name     = "healthz"
        type     = "http"
        path     = "${HEALTH_PATH}"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "server" {
      driver = "docker"

      config {
        image = var.image
        ports = ["http"]
      }

      env {
        PORT    = "${s.port}"
        VERSION = var.version
      }

      resources {
        cpu        = ${resources.cpu}
        memory     = ${resources.memory}
        memory_max = ${resources.memoryMax}
      }

      kill_timeout = "10s"
    }
  }
}
`
}

/** The nginx server of a static site: $PORT, /healthz, clean URLs, a 404 page when there is one. */
export function siteTemplate(): string {
  return `# Rendered by the nginx image's entrypoint (20-envsubst-on-templates.sh substitutes only variables
# defined in the environment: \${PORT}; nginx's own $uri stays as it is).
server {
    listen \${PORT};
    server_name _;
    root /usr/share/nginx/html;
    absolute_redirect off;

    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml text/plain;

    location = ${HEALTH_PATH} {
        access_log off;
        default_type text/plain;
        return 200 "ok\\n";
    }

    location / {
        try_files $uri $uri.html $uri/ =404;
    }

    error_page 404 /404.html;
    location = /404.html {
        internal;
    }
}
`
}

/** The health check of a server image: wget, curl or node, whichever the image has. */
export function serverHealthcheck(): string {
  const url = `http://127.0.0.1:\${PORT}${HEALTH_PATH}`
  const script = `url="${url}"; if command -v wget >/dev/null; then wget -q -O /dev/null "$url"; elif command -v curl >/dev/null; then curl -fsS -o /dev/null "$url"; else node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url"; fi`
  return `HEALTHCHECK --interval=10s --timeout=2s \\\n  CMD ${JSON.stringify(['sh', '-c', script])}`
}

const NGINX_CHECK_STAGE = `# ---- check: render the template for port ${STATIC_PORT} and let nginx validate it ----------------------------
FROM \${NGINX_BASE} AS check
COPY site.conf.template /tmp/default.conf.template
RUN PORT=${STATIC_PORT} envsubst '\${PORT}' < /tmp/default.conf.template > /tmp/default.conf \\
 && sed 's|/etc/nginx/conf.d/\\*.conf|/tmp/default.conf|' /etc/nginx/nginx.conf > /tmp/nginx.conf \\
 && nginx -t -c /tmp/nginx.conf`

function labels(s: NewService): string {
  return `LABEL org.opencontainers.image.title=${q(s.host)} \\
      org.opencontainers.image.source="\${SOURCE_REPOSITORY}" \\
      org.opencontainers.image.revision="\${SOURCE_REF}" \\
      org.opencontainers.image.version="\${VERSION}"`
}

/** An image reference split into its repository (with tag) and its digest. */
function splitDigest(image: string): { repository: string; digest: string } {
  const at = image.indexOf('@')
  return { repository: image.slice(0, at), digest: image.slice(at + 1) }
}

function sourceArgs(s: NewService): string {
  if (s.source.kind === 'repo') {
    return `ARG SOURCE_REPOSITORY=${s.source.repository}
ARG SOURCE_REF=${s.source.commit}`
  }
  const { repository, digest } = splitDigest(s.source.image)
  return `ARG SOURCE_REPOSITORY=${repository}
ARG SOURCE_REF=${digest}`
}

/** A folder without leading ./ or / and without a trailing /. */
const trimPath = (path: string): string => path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '')

const FETCH = `ADD \${SOURCE_REPOSITORY}/archive/\${SOURCE_REF}.tar.gz /tmp/source.tar.gz
WORKDIR /src`

function dockerfile(s: NewService): string {
  const header = `# ${s.host}: made by \`elm-infra new-service\`. Base images are pinned by digest; each is a build
# arg so a test (or an offline mirror) can substitute its own. Refresh a digest with
# \`docker buildx imagetools inspect <image:tag>\`.`
  const src = s.source
  if (s.kind === 'static') {
    const from =
      src.kind === 'repo'
        ? `ARG BUILD_BASE=${s.bases.build}
ARG NGINX_BASE=${s.bases.nginx}

# ---- build: upstream source at the pinned commit, then its build command -------------------------
FROM \${BUILD_BASE} AS build
${sourceArgs(s)}
${FETCH}
RUN tar -xzf /tmp/source.tar.gz --strip-components=1 && rm /tmp/source.tar.gz \\
 && ${src.build} \\
 && test -d ${q(trimPath(src.output ?? '.'))}`
        : `ARG SITE_IMAGE=${src.image}
ARG NGINX_BASE=${s.bases.nginx}

# ---- site: the files of an existing image, pinned by digest --------------------------------------
FROM \${SITE_IMAGE} AS site`
    const copy =
      src.kind === 'repo'
        ? `COPY --from=build /src/${trimPath(src.output ?? '.')}/ /usr/share/nginx/html/`
        : `COPY --from=site /${trimPath(src.path ?? '/')}/ /usr/share/nginx/html/`
    return `${header}
# A static site served by unprivileged nginx on $PORT: clean URLs, a 404 page, ${HEALTH_PATH}.
${from}

${NGINX_CHECK_STAGE}

# ---- runtime -------------------------------------------------------------------------------------
FROM \${NGINX_BASE}
${sourceArgs(s)}
ARG VERSION=\${SOURCE_REF}
${labels(s)}
# nginx's entrypoint renders templates/*.template into conf.d/ with the environment (\${PORT}).
COPY --from=check /tmp/default.conf.template /etc/nginx/templates/default.conf.template
${copy}
USER 101:101
ENV PORT=${STATIC_PORT}
EXPOSE ${STATIC_PORT}
HEALTHCHECK --interval=10s --timeout=2s \\
  CMD ["sh", "-c", "wget -q -O /dev/null \\"http://127.0.0.1:\${PORT}${HEALTH_PATH}\\""]
`
  }
  if (src.kind === 'repo') {
    return `${header}
# A server built from ${src.repository} at the pinned commit; it must listen on $PORT and answer
# GET ${HEALTH_PATH} with 200 (the Consul check).
ARG BUILD_BASE=${s.bases.build}

# ---- build: upstream source at the pinned commit, then its build command -------------------------
FROM \${BUILD_BASE} AS build
${sourceArgs(s)}
${FETCH}
RUN tar -xzf /tmp/source.tar.gz --strip-components=1 && rm /tmp/source.tar.gz \\
 && ${src.build}

# ---- runtime: the built tree on the same base, as a user of its own ------------------------------
FROM \${BUILD_BASE}
${sourceArgs(s)}
ARG VERSION=\${SOURCE_REF}
${labels(s)}
COPY --from=build --chown=${s.user} /src /app
WORKDIR /app
USER ${s.user}
ENV PORT=${s.port}
EXPOSE ${s.port}
${serverHealthcheck()}
CMD ${JSON.stringify(['sh', '-c', src.start ?? ''])}
`
  }
  return `${header}
# An existing server image, pinned by digest; it must listen on $PORT and answer GET ${HEALTH_PATH}
# with 200 (the Consul check).
ARG SERVER_IMAGE=${src.image}

# ---- check: the health check needs wget, curl or node in the image -------------------------------
FROM \${SERVER_IMAGE} AS check
RUN { command -v wget || command -v curl || command -v node; } > /tmp/healthcheck-client \\
 || { echo "the image has no wget, curl or node for the HEALTHCHECK" >&2; exit 1; }

# ---- runtime: the image as it is, labelled, as a user of its own ---------------------------------
FROM \${SERVER_IMAGE}
${sourceArgs(s)}
ARG VERSION=\${SOURCE_REF}
${labels(s)}
# Copied so the check stage always runs (BuildKit builds only the stages the last one needs).
COPY --from=check /tmp/healthcheck-client /etc/healthcheck-client
USER ${s.user}
ENV PORT=${s.port}
EXPOSE ${s.port}
${serverHealthcheck()}
`
}

function dockerignore(s: NewService): string {
  return `# The context is only what the Dockerfile COPYs; the content comes from SOURCE_REF / the image.
*
!Dockerfile
${s.kind === 'static' ? '!site.conf.template\n' : ''}`
}

function smoke(s: NewService): string {
  const checks =
    s.kind === 'static'
      ? `  expect "GET /" "$(status /)" 200`
      : `  local code
  code="$(status /)"
  [ "$code" -ge 200 ] && [ "$code" -lt 500 ] || fail "GET / answered $code"
  echo "ok: GET / → $code"`
  return `# shellcheck shell=bash
# What ${s.host} must answer beyond its health check (sourced by docker/smoke-test.sh).
smoke_checks() {
${checks}
}
`
}

/** Every file of the new service, relative to the repository root. */
export function renderService(s: NewService): RenderedFile[] {
  const dir = `docker/${s.name}`
  return [
    { path: `${dir}/Dockerfile`, text: dockerfile(s) },
    { path: `${dir}/.dockerignore`, text: dockerignore(s) },
    { path: `${dir}/VERSION`, text: '1.0\n' },
    { path: `${dir}/smoke.sh`, text: smoke(s) },
    ...(s.kind === 'static' ? [{ path: `${dir}/site.conf.template`, text: siteTemplate() }] : []),
    { path: `nomad/${s.name}.nomad.hcl`, text: jobFile(s) }
  ]
}
