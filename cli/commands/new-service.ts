import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { readDomain, writeGenerated } from '../../actions/shared/catalog/load-generated.js'
import { parseDockerfile } from '../../actions/shared/docker/dockerfile-rules.js'
import { InputError, UserError } from '../../actions/shared/errors.js'
import {
  type NewService,
  STATIC_PORT,
  type ServiceSource,
  renderService
} from '../new-service/render.js'
import * as rules from '../options/rules.js'
import { type CliContext, type Subcommand, ROOT_HELP, repoRoot } from '../program.js'

interface NewServiceFlags {
  host?: string
  static?: boolean
  server?: boolean
  port?: number
  instances?: number
  repo?: string
  commit?: string
  build?: string
  output?: string
  start?: string
  image?: string
  path?: string
  buildBase?: string
  user: string
  keepsData?: boolean
  data?: boolean
  root?: string
}

/** Stricter than a service name in general: a new one starts with a letter, at most 40. */
const NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/

/** The rule for each value new-service takes (cli/options/rules.ts), on a flag or an answer. */
const RULE = {
  host: rules.dnsName,
  port: rules.numberIn(1024, 65535, true, 'a non-root process cannot listen below 1024'),
  instances: rules.numberIn(
    2,
    9,
    true,
    'at least 2, spread over the nodes, so the loss of one VM leaves one serving; rehearse --lose-node checks it'
  ),
  repo: rules.githubRepoUrl,
  commit: rules.commitSha,
  command: rules.commandLine,
  output: rules.relativeFolder,
  image: rules.pinnedImage,
  path: rules.imageFolder,
  user: rules.uidGid
}

/** Why a service that keeps data is refused (README, "Add a service"). */
export const KEEPS_DATA_REFUSAL =
  "new-service makes stateless services only: a service that keeps data needs the package site's pattern (one writer on a single-node-writer CSI volume, nomad/volumes/<name>-data.volume.hcl created once, a backup sidecar and a restore prestart task that know what its data is and refuse an empty or foreign data directory), and that knowledge is the service's own. Copy nomad/package-site.nomad.hcl and docker/package-site/backup.sh and adapt them (README, \"The package site's data\"); the job rules check the pattern (count = 1, no canary, single-node-writer)."

/**
 * The answer to one question: the flag's value (checked by its rule when commander read it), else
 * the person's answer checked by the same rule, else an error.
 */
async function answer<T>(
  context: CliContext,
  value: T | undefined,
  flag: string,
  question: string,
  rule: rules.Rule<T>,
  fallback?: string
): Promise<T> {
  if (value !== undefined) return value
  const ask = context.terminal.ask
  if (ask === undefined) {
    if (fallback !== undefined) return rules.check(rule, flag, fallback)
    throw new InputError(
      `${flag} is missing: ${question.replace(/\?.*$/, '')} (nobody can answer here: give ${flag}).`
    )
  }
  const reply = await ask(`${question}${fallback !== undefined ? ` [${fallback}]` : ''}`)
  return rules.check(rule, flag, reply === '' && fallback !== undefined ? fallback : reply.trim())
}

/** A word answer (static/server, repo/image, y/n): the question's own words. */
const word: rules.Rule = value => value.trim()

/**
 * The base image a new service's build uses, pinned as the existing Dockerfiles pin it
 * (`ARG <arg>=…@sha256:…`): one pin per base, read from where it already is; differing pins are
 * an error that names them.
 */
export async function readBasePin(root: string, arg: string): Promise<string | undefined> {
  const pins = new Map<string, string>()
  const dockerDir = join(root, 'docker')
  for (const name of existsSync(dockerDir) ? (await readdir(dockerDir)).sort() : []) {
    const file = join(dockerDir, name, 'Dockerfile')
    if (!existsSync(file)) continue
    for (const ins of parseDockerfile(await readFile(file, 'utf8'))) {
      if (ins.keyword === 'ARG' && ins.args.startsWith(`${arg}=`))
        pins.set(`docker/${name}/Dockerfile`, ins.args.slice(arg.length + 1))
    }
  }
  const distinct = [...new Set(pins.values())]
  if (distinct.length > 1) {
    throw new UserError(
      `The Dockerfiles pin ${arg} differently (${[...pins].map(([f, v]) => `${f}: ${v}`).join('; ')}): make them agree first.`
    )
  }
  return distinct[0]
}

/** Asks (or reads from flags) everything a new service needs, and checks each answer. */
async function collect(
  context: CliContext,
  root: string,
  name: string,
  flags: NewServiceFlags
): Promise<NewService> {
  if (!NAME.test(name))
    throw new InputError(
      `The service name is '${name}': expected lower-case letters, digits and dashes, starting with a letter, at most 40 (e.g. guide).`
    )
  if (existsSync(join(root, 'docker', name)))
    throw new InputError(
      `docker/${name} already exists: '${name}' is a service already (elm-infra remove-service ${name} removes it).`
    )
  const catalog = await loadCatalog(root)
  if (
    existsSync(join(root, 'nomad', `${name}.nomad.hcl`)) ||
    catalog.jobs.some(j => j.jobId === name)
  )
    throw new InputError(`The service name '${name}' is a Nomad job already: choose another.`)
  const domain = await readDomain(root)

  if (flags.keepsData === true) throw new UserError(KEEPS_DATA_REFUSAL)
  if (flags.data !== false && context.terminal.ask === undefined)
    throw new InputError(
      '--no-data or --keeps-data is missing: does it keep data (files it writes that must survive a deploy)? (nobody can answer here: give one of them).'
    )
  if (flags.data !== false) {
    const keeps = await answer(
      context,
      undefined,
      '--keeps-data',
      'Does it keep data (files it writes that must survive a deploy)? (y/N)',
      word,
      'n'
    )
    if (/^y(es)?$/i.test(keeps)) throw new UserError(KEEPS_DATA_REFUSAL)
  }

  const host = await answer(
    context,
    flags.host,
    '--host',
    `Which host does it answer on (under ${domain})?`,
    value => RULE.host(value.toLowerCase())
  )
  if (host !== domain && !host.endsWith(`.${domain}`))
    throw new InputError(
      `--host is '${host}': expected a name under ${domain} (terraform/variables.tf "domain"), where Terraform makes its record and certificate name.`
    )
  const taken = catalog.services.find(s => new URL(s.publicUrl).hostname === host)
  if (taken) throw new InputError(`--host is '${host}': ${taken.name} answers there already.`)

  if (flags.static === true && flags.server === true)
    throw new InputError('--static and --server are two kinds of service: give one of them.')
  const kindAnswer =
    flags.static === true
      ? 'static'
      : flags.server === true
        ? 'server'
        : await answer(
            context,
            undefined,
            '--static or --server',
            'Is it a static site or a server? (static/server)',
            word
          )
  if (kindAnswer !== 'static' && kindAnswer !== 'server')
    throw new InputError(`The kind is '${kindAnswer}': expected static or server.`)
  const kind = kindAnswer
  if (kind === 'static' && flags.port !== undefined && flags.port !== STATIC_PORT)
    throw new InputError(
      `--port is for a server: a static site is served by nginx on ${STATIC_PORT}.`
    )
  const port =
    kind === 'static'
      ? STATIC_PORT
      : await answer(
          context,
          flags.port,
          '--port',
          'Which port does the server listen on ($PORT is set to it)?',
          RULE.port,
          '8080'
        )
  const instances = await answer(
    context,
    flags.instances,
    '--instances',
    'How many instances?',
    RULE.instances,
    '2'
  )

  if (flags.repo !== undefined && flags.image !== undefined)
    throw new InputError('--repo and --image are two sources: give one of them.')
  const from =
    flags.repo !== undefined
      ? 'repo'
      : flags.image !== undefined
        ? 'image'
        : await answer(
            context,
            undefined,
            '--repo or --image',
            'Is it built from an upstream repository or an existing image? (repo/image)',
            word
          )
  let source: ServiceSource
  if (from === 'repo') {
    const repository = await answer(
      context,
      flags.repo,
      '--repo',
      'Which repository (https://github.com/<owner>/<repo>)?',
      RULE.repo
    )
    const commit = await answer(
      context,
      flags.commit,
      '--commit',
      'At which commit (full SHA)?',
      RULE.commit
    )
    const build = await answer(
      context,
      flags.build,
      '--build',
      'What command builds it (run in the repository root)?',
      RULE.command
    )
    if (kind === 'static') {
      const output = await answer(
        context,
        flags.output,
        '--output',
        'Which folder does the build write the site to?',
        RULE.output
      )
      source = { kind: 'repo', repository, commit, build, output }
    } else {
      const start = await answer(
        context,
        flags.start,
        '--start',
        'What command starts the server (it must listen on $PORT)?',
        RULE.command
      )
      source = { kind: 'repo', repository, commit, build, start }
    }
  } else if (from === 'image') {
    const image = await answer(
      context,
      flags.image,
      '--image',
      'Which image (pinned: name@sha256:…)?',
      RULE.image
    )
    if (kind === 'static') {
      const path = await answer(
        context,
        flags.path,
        '--path',
        'Which folder in that image holds the site?',
        RULE.path
      )
      source = { kind: 'image', image, path }
    } else {
      source = { kind: 'image', image }
    }
  } else {
    throw new InputError(`The source is '${from}': expected repo or image.`)
  }

  const nginx = kind === 'static' ? await readBasePin(root, 'NGINX_BASE') : undefined
  const node = await readBasePin(root, 'NODE_BASE')
  const build = flags.buildBase ?? node
  if (source.kind === 'repo' && build === undefined)
    throw new InputError(
      '--build-base is missing: no Dockerfile pins NODE_BASE to build with; give an image pinned by digest.'
    )
  if (kind === 'static' && nginx === undefined)
    throw new UserError(
      'No Dockerfile under docker/ pins NGINX_BASE, the nginx a static site is served by.'
    )
  const owner = catalog.services[0]?.image.replace(/\/[^/]+$/, '') ?? 'ghcr.io/elm'
  return {
    name,
    host,
    kind,
    port,
    instances,
    source,
    image: `${owner}/${name}`,
    bases: { build: build ?? '', nginx: nginx ?? '' },
    user: flags.user
  }
}

/** `elm-infra new-service <name>`: docker/<name>/ and nomad/<name>.nomad.hcl, and the one PR. */
export const newServiceCommand: Subcommand = {
  register(program, context) {
    program
      .command('new-service')
      .argument(
        '<name>',
        'the service name: docker/<name>/, nomad/<name>.nomad.hcl, ghcr.io/elm/<name>',
        rules.service
      )
      .description(
        'Make a new service: docker/<name>/ and nomad/<name>.nomad.hcl following every job and Dockerfile rule; asks on a terminal what its flags do not say'
      )
      .option(
        '--host <hostname>',
        'the host it answers on, under the domain (e.g. guide.elm-lang.org)',
        RULE.host
      )
      .option('--static', 'a static site (served by nginx)')
      .option('--server', 'a server (listens on $PORT, answers GET /healthz)')
      .option(
        '--port <port>',
        'a server: the port it listens on, 1024 to 65535 (a non-root process cannot listen below 1024; default 8080)',
        RULE.port
      )
      .option(
        '--instances <n>',
        'how many instances, 2 to 9, spread over the nodes so the loss of one VM leaves one serving (default 2)',
        RULE.instances
      )
      .option(
        '--repo <url>',
        'built from this upstream repository (https://github.com/<owner>/<repo>)',
        RULE.repo
      )
      .option('--commit <sha>', 'with --repo: the full commit SHA to build', RULE.commit)
      .option('--build <command>', 'with --repo: the command that builds it', RULE.command)
      .option(
        '--output <dir>',
        'with --repo, a static site: the folder the build writes',
        RULE.output
      )
      .option(
        '--start <command>',
        'with --repo, a server: the command that starts it',
        RULE.command
      )
      .option(
        '--image <ref@sha256:…>',
        'instead of --repo: an existing image, pinned by digest',
        RULE.image
      )
      .option(
        '--path <dir>',
        'with --image, a static site: the folder in the image holding the site',
        RULE.path
      )
      .option(
        '--build-base <ref@sha256:…>',
        'the image a --repo build runs in (default: the NODE_BASE the Dockerfiles pin)',
        RULE.image
      )
      .option(
        '--user <uid:gid>',
        'a server: the non-root user it runs as',
        RULE.user,
        '10001:10001'
      )
      .option('--keeps-data', 'it keeps data: refused, with the reason and the pattern to follow')
      .option('--no-data', 'it keeps no data (skips the question on a terminal)')
      .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
      .addHelpText(
        'after',
        '\nExample: elm-infra new-service guide --host guide.elm-lang.org --static --repo https://github.com/elm/guide --commit <sha> --build "npm ci && npm run build" --output book --no-data\nExit codes: 0 made, 1 refused (e.g. --keeps-data), 2 a bad or missing answer.'
      )
      .action(async (name: string, flags: NewServiceFlags) => {
        const root = await repoRoot(context, flags.root)
        const service = await collect(context, root, name, flags)
        const files = renderService(service)
        for (const file of files) {
          await mkdir(dirname(join(root, file.path)), { recursive: true })
          await writeFile(join(root, file.path), file.text)
          if (file.mode !== undefined) await chmod(join(root, file.path), file.mode)
        }
        const generated = await writeGenerated(root)
        const out = (line: string): void => context.terminal.out(line)
        out(
          `Made ${service.name} (${service.kind}, ${service.instances} instances, https://${service.host}):`
        )
        for (const file of files) out(`  new      ${file.path}`)
        for (const path of generated) out(`  updated  ${path} (generated from the job files)`)
        out('')
        out('Check it here:  npx elm-infra rehearse --lose-node node-1   (and npm test)')
        out(`Then open one pull request with these files, e.g.:`)
        out(
          `  git checkout -b add-${service.name} && git add docker/${service.name} nomad/${service.name}.nomad.hcl ${generated.join(' ')}`
        )
        out(
          `  git commit -m "Add ${service.name} (https://${service.host})" && gh pr create --fill`
        )
        out(
          'Its comments show the whole effect: the Terraform plan (the new record and certificate name), the Nomad diff (a new job), the image build and smoke test, and the rehearsed loss of a node. Merging deploys it.'
        )
        context.exitCode = 0
      })
  }
}
