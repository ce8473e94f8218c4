import { afterAll, describe, expect, it } from '@jest/globals'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { staleGenerated } from '../../actions/shared/catalog/load-generated.js'
import { describeDockerfileRules } from '../../actions/shared/docker/service-rules.js'
import { smokePlan } from '../../actions/shared/docker/smoke-plan.js'
import { describeJobRules } from '../../actions/shared/nomad/job-rules.js'
import { changedFiles, copyOfRepo, git } from '../new-service/test-repo.js'
import { cli } from '../test-support/run-cli.js'
import { KEEPS_DATA_REFUSAL } from './new-service.js'

/**
 * The "done when": `elm-infra new-service` for a static site and for a server, in a copy
 * of the repository, then the project's own rules (the same describe-blocks job-specs.test.ts and
 * service-dockerfiles.test.ts run on this repository), `services`, `rehearse`, `rehearse
 * --lose-node node-1`, the smoke test's service table and the generated Terraform variables, with
 * no other file changed; and `remove-service` in reverse. (Real Terraform on the result:
 * new-service.engine.test.ts.)
 */
const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const DIGEST = `sha256:${'c'.repeat(64)}`
const STATIC = [
  'new-service',
  'guide',
  '--host',
  'guide.elm-lang.org',
  '--static',
  '--repo',
  'https://github.com/elm/guide',
  '--commit',
  COMMIT,
  '--build',
  'npm ci && npm run build',
  '--output',
  'book',
  '--no-data'
]
const SERVER = [
  'new-service',
  'api',
  '--host',
  'api.elm-lang.org',
  '--server',
  '--port',
  '3000',
  '--instances',
  '3',
  '--image',
  `ghcr.io/example/api:2.1@${DIGEST}`,
  '--no-data'
]

/** The other two sources: a static site copied out of an image, a server built from a commit. */
const STATIC_FROM_IMAGE = [
  'new-service',
  'manual',
  '--host',
  'manual.elm-lang.org',
  '--static',
  '--image',
  `ghcr.io/example/docs-site:3@${DIGEST}`,
  '--path',
  '/srv/www',
  '--no-data'
]
const SERVER_FROM_REPO = [
  'new-service',
  'app',
  '--host',
  'app.elm-lang.org',
  '--server',
  '--repo',
  'https://github.com/example/app',
  '--commit',
  COMMIT,
  '--build',
  'npm ci --omit=dev',
  '--start',
  'node server.js',
  '--no-data'
]

const copy = await copyOfRepo('new-service-')
const staticRun = await cli([...STATIC, '--root', copy])
const afterStatic = await changedFiles(copy)
const serverRun = await cli([...SERVER, '--root', copy])
const afterServer = await changedFiles(copy)
const otherRuns = [
  await cli([...STATIC_FROM_IMAGE, '--root', copy]),
  await cli([...SERVER_FROM_REPO, '--root', copy])
]
const catalog = await loadCatalog(copy)

afterAll(async () => {
  await rm(copy, { recursive: true, force: true })
})

// The project's own rules, on the repository new-service just changed.
describeJobRules(copy, catalog.services)
describeDockerfileRules(copy, catalog.services)

const GENERATED = [' M README.md', ' M docker/README.md', ' M terraform/services.auto.tfvars.json']

describe('elm-infra new-service: a static site and a server', () => {
  it('makes exactly docker/<name>/ and nomad/<name>.nomad.hcl, and regenerates the generated files', () => {
    expect(staticRun).toMatchObject({ code: 0, err: '' })
    expect(afterStatic).toEqual(
      [
        ...GENERATED,
        '?? docker/guide/.dockerignore',
        '?? docker/guide/Dockerfile',
        '?? docker/guide/VERSION',
        '?? docker/guide/site.conf.template',
        '?? docker/guide/smoke.sh',
        '?? nomad/guide.nomad.hcl'
      ].sort()
    )
    expect(serverRun).toMatchObject({ code: 0, err: '' })
    expect(afterServer).toEqual(
      [
        ...afterStatic,
        '?? docker/api/.dockerignore',
        '?? docker/api/Dockerfile',
        '?? docker/api/VERSION',
        '?? docker/api/smoke.sh',
        '?? nomad/api.nomad.hcl'
      ].sort()
    )
  })

  it('also makes a static site from an image and a server from a commit', async () => {
    for (const run of otherRuns) expect(run).toMatchObject({ code: 0, err: '' })
    const docs = await readFile(join(copy, 'docker/manual/Dockerfile'), 'utf8')
    expect(docs).toContain(`ARG SITE_IMAGE=ghcr.io/example/docs-site:3@${DIGEST}`)
    expect(docs).toContain('COPY --from=site /srv/www/ /usr/share/nginx/html/')
    const app = await readFile(join(copy, 'docker/app/Dockerfile'), 'utf8')
    expect(app).toContain(' && npm ci --omit=dev\n')
    expect(app).toContain('CMD ["sh","-c","node server.js"]')
  })

  it('prints what it made and the one pull request to open', () => {
    expect(staticRun.out).toContain('Made guide (static, 2 instances, https://guide.elm-lang.org):')
    expect(staticRun.out).toContain('  new      nomad/guide.nomad.hcl')
    expect(staticRun.out).toContain(
      '  updated  terraform/services.auto.tfvars.json (generated from the job files)'
    )
    expect(staticRun.out).toContain('gh pr create --fill')
    expect(serverRun.out).toContain('Made api (server, 3 instances, https://api.elm-lang.org):')
  })

  it('the catalog and `services` list both, with their hosts and ports', async () => {
    expect(catalog.services.map(s => [s.name, s.publicUrl, s.port])).toEqual(
      expect.arrayContaining([
        ['guide', 'https://guide.elm-lang.org', 8080],
        ['api', 'https://api.elm-lang.org', 3000]
      ])
    )
    const services = await cli(['services', '--root', copy])
    expect(services.code).toBe(0)
    expect(services.out).toMatch(/^guide +ghcr\.io\/elm\/guide +https:\/\/guide\.elm-lang\.org/m)
    expect(services.out).toMatch(/^api +ghcr\.io\/elm\/api +https:\/\/api\.elm-lang\.org/m)
  })

  it('the server image is the pinned one, labelled, as a non-root user, on its port', async () => {
    const dockerfile = await readFile(join(copy, 'docker/api/Dockerfile'), 'utf8')
    expect(dockerfile).toContain(`ARG SERVER_IMAGE=ghcr.io/example/api:2.1@${DIGEST}`)
    expect(dockerfile).toContain(`ARG SOURCE_REF=${DIGEST}`)
    expect(dockerfile).toMatch(/^USER 10001:10001$/m)
    expect(dockerfile).toMatch(/^ENV PORT=3000$/m)
  })

  it('the generated files follow: Terraform gets both names, the READMEs both rows', async () => {
    expect(await staleGenerated(copy)).toEqual([])
    expect((await cli(['services', '--check', '--root', copy])).code).toBe(0)
    const tfvars = JSON.parse(
      await readFile(join(copy, 'terraform/services.auto.tfvars.json'), 'utf8')
    ) as unknown
    expect(tfvars).toEqual({ subdomains: ['api', 'app', 'guide', 'manual', 'package', 'www'] })
    const table = await readFile(join(copy, 'docker/README.md'), 'utf8')
    expect(table).toContain(
      '| `guide/` | https://guide.elm-lang.org | 2 | no | github.com/elm/guide at `a1b2c3d4e5f6` |'
    )
    expect(table).toContain(
      '| `api/` | https://api.elm-lang.org | 3 | no | ghcr.io/example/api:2.1 |'
    )
    expect(await readFile(join(copy, 'README.md'), 'utf8')).toContain(
      'svc_guide["guide ×2<br/>guide.elm-lang.org"]'
    )
  })

  it('the smoke test has both in its table: health path and port from the job, their checks', async () => {
    expect(await smokePlan(copy, 'guide')).toEqual({
      code: 0,
      out: 'guide\thealth /healthz\tport 8080\twait 60s\tchecks docker/guide/smoke.sh\n',
      err: ''
    })
    expect(await smokePlan(copy, 'api')).toEqual({
      code: 0,
      out: 'api\thealth /healthz\tport 3000\twait 60s\tchecks docker/api/smoke.sh\n',
      err: ''
    })
  })

  it('rehearse deploys all seven services on the simulated cluster', async () => {
    const result = await cli(['rehearse', '--root', copy])
    expect(result.code).toBe(0)
    for (const name of ['guide', 'api', 'manual', 'app']) expect(result.err).toContain(name)
  }, 60_000)

  it('rehearse --lose-node node-1: both keep a healthy instance', async () => {
    const result = await cli(['rehearse', '--lose-node', 'node-1', '--root', copy])
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/ guide +\S+ → \S+ +\d+ +\d+ +ok kept a healthy instance throughout/)
    expect(result.out).toMatch(/ api +\S+ → \S+ +\d+ +\d+ +ok kept a healthy instance throughout/)
    expect(result.out).toContain('Rehearsal passed: the cluster survives losing node-1.')
  }, 60_000)
})

describe('elm-infra new-service refuses what it cannot make, in one line', () => {
  const run = (...argv: string[]): ReturnType<typeof cli> => cli([...argv, '--root', copy])

  it.each([
    ['a service that keeps data', ['new-service', 'docs', '--keeps-data'], 1, KEEPS_DATA_REFUSAL],
    [
      'a missing answer where nobody can answer',
      ['new-service', 'docs', '--static', '--no-data'],
      2,
      '--host is missing: Which host does it answer on (under elm-lang.org) (nobody can answer here: give --host).'
    ],
    [
      'no word on data where nobody can answer',
      ['new-service', 'docs', '--host', 'docs.elm-lang.org', '--static'],
      2,
      '--no-data or --keeps-data is missing: does it keep data (files it writes that must survive a deploy)? (nobody can answer here: give one of them).'
    ],
    [
      'a host outside the domain',
      ['new-service', 'docs', '--no-data', '--host', 'docs.elm.org'],
      2,
      '--host is \'docs.elm.org\': expected a name under elm-lang.org (terraform/variables.tf "domain"), where Terraform makes its record and certificate name.'
    ],
    [
      'a host another service has',
      ['new-service', 'docs', '--no-data', '--host', 'guide.elm-lang.org'],
      2,
      "--host is 'guide.elm-lang.org': guide answers there already."
    ],
    [
      'a name that exists',
      ['new-service', 'www', '--host', 'w.elm-lang.org'],
      2,
      "docker/www already exists: 'www' is a service already (elm-infra remove-service www removes it)."
    ],
    [
      'a platform job name',
      ['new-service', 'traefik'],
      2,
      "The service name 'traefik' is a Nomad job already: choose another."
    ],
    [
      'one instance (the loss of its VM would take it down)',
      [
        'new-service',
        'docs',
        '--no-data',
        '--host',
        'docs.elm-lang.org',
        '--static',
        '--instances',
        '1'
      ],
      2,
      "--instances <n>: '1' is not a whole number from 2 to 9 (at least 2, spread over the nodes, so the loss of one VM leaves one serving; rehearse --lose-node checks it). (--help for usage)"
    ],
    [
      'an abbreviated commit',
      [
        'new-service',
        'docs',
        '--no-data',
        '--host',
        'docs.elm-lang.org',
        '--static',
        '--repo',
        'https://github.com/elm/guide',
        '--commit',
        'a1b2c3d'
      ],
      2,
      "--commit <sha>: 'a1b2c3d' is not a full commit SHA: expected a full 40-hex commit SHA (the build is pinned to it). (--help for usage)"
    ],
    [
      'an image without a digest',
      [
        'new-service',
        'docs',
        '--no-data',
        '--host',
        'docs.elm-lang.org',
        '--server',
        '--image',
        'nginx:1.27'
      ],
      2,
      "--image <ref@sha256:…>: 'nginx:1.27' is not an image pinned by digest: expected an image pinned by digest, e.g. ghcr.io/owner/site:1.0@sha256:<64 hex>. (--help for usage)"
    ],
    [
      'a privileged port',
      [
        'new-service',
        'docs',
        '--no-data',
        '--host',
        'docs.elm-lang.org',
        '--server',
        '--port',
        '80'
      ],
      2,
      "--port <port>: '80' is not a whole number from 1024 to 65535 (a non-root process cannot listen below 1024). (--help for usage)"
    ]
  ])('%s', async (_what, argv, code, message) => {
    const before = await changedFiles(copy)
    const result = await run(...argv)
    expect(result).toMatchObject({ code, out: '' })
    expect(result.err).toBe(`elm-infra: ${message}\n`)
    expect(await changedFiles(copy)).toEqual(before)
  })
})

describe('elm-infra new-service on a terminal asks what the flags do not say', () => {
  it('asks each question in turn and makes the same files as the flags', async () => {
    const asked = await copyOfRepo('new-service-ask-')
    try {
      const answers: Record<string, string> = {
        'Does it keep data': 'n',
        'Which host': 'guide.elm-lang.org',
        'Is it a static site or a server': 'static',
        'How many instances': '',
        'built from an upstream repository or an existing image': 'repo',
        'Which repository': 'https://github.com/elm/guide',
        'At which commit': COMMIT,
        'What command builds it': 'npm ci && npm run build',
        'Which folder does the build write': 'book'
      }
      const questions: string[] = []
      const ask = async (question: string): Promise<string> => {
        questions.push(question)
        const key = Object.keys(answers).find(k => question.includes(k))
        if (key === undefined) throw new Error(`unexpected question: ${question}`)
        return answers[key] ?? ''
      }
      const result = await cli(['new-service', 'guide', '--root', asked], {}, undefined, {
        ask,
        isTTY: true
      })
      expect(result).toMatchObject({ code: 0, err: '' })
      expect(questions).toHaveLength(Object.keys(answers).length)
      expect(questions).toContain('How many instances? [2]')
      for (const path of ['docker/guide/Dockerfile', 'nomad/guide.nomad.hcl'])
        expect(await readFile(join(asked, path), 'utf8')).toBe(
          await readFile(join(copy, path), 'utf8')
        )
    } finally {
      await rm(asked, { recursive: true, force: true })
    }
  })
})

describe('elm-infra new-service checks an answer by the rule its flag has', () => {
  it('an answer of 1 instance is refused as --instances 1 is, in one line, exit 2', async () => {
    const answers: Record<string, string> = {
      'Does it keep data': 'n',
      'Which host': 'docs.elm-lang.org',
      'Is it a static site or a server': 'static',
      'How many instances': '1'
    }
    const ask = async (question: string): Promise<string> =>
      answers[Object.keys(answers).find(k => question.includes(k)) ?? ''] ?? ''
    const before = await changedFiles(copy)
    const result = await cli(['new-service', 'docs', '--root', copy], {}, undefined, {
      ask,
      isTTY: true
    })
    expect(result).toMatchObject({ code: 2, out: '' })
    expect(result.err).toBe(
      "elm-infra: --instances: '1' is not a whole number from 2 to 9 (at least 2, spread over the nodes, so the loss of one VM leaves one serving; rehearse --lose-node checks it).\n"
    )
    expect(await changedFiles(copy)).toEqual(before)
  })
})

describe('elm-infra remove-service: new-service in reverse', () => {
  it('after new-service and a commit, removing the service gives back the tree before it', async () => {
    const repo = await copyOfRepo('remove-service-')
    try {
      const base = await git(repo, 'rev-parse', 'HEAD')
      expect((await cli([...STATIC, '--root', repo])).code).toBe(0)
      await git(repo, 'add', '-A')
      await git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'add')
      const removed = await cli(['remove-service', 'guide', '--root', repo])
      expect(removed).toMatchObject({ code: 0, err: '' })
      expect(removed.out).toContain('  deleted  docker/guide/Dockerfile')
      expect(removed.out).toContain('  deleted  nomad/guide.nomad.hcl')
      expect(removed.out).toContain('nomad job stop -purge guide')
      await git(repo, 'add', '-A')
      // Nothing differs from the commit before new-service: every file it made or regenerated is back.
      expect(await git(repo, 'diff', '--cached', '--stat', base.trim())).toBe('')
    } finally {
      await rm(repo, { recursive: true, force: true })
    }
  })

  it('removing an existing service takes its name out of Terraform and the READMEs', async () => {
    const repo = await copyOfRepo('remove-www-')
    try {
      expect((await cli(['remove-service', 'www', '--root', repo])).code).toBe(0)
      expect(await changedFiles(repo)).toEqual(
        [
          ' D docker/www/.dockerignore',
          ' D docker/www/Dockerfile',
          ' D docker/www/VERSION',
          ' D docker/www/redirect.conf.template',
          ' D docker/www/smoke.sh',
          ' D nomad/www.nomad.hcl',
          ...GENERATED
        ].sort()
      )
      expect(
        JSON.parse(await readFile(join(repo, 'terraform/services.auto.tfvars.json'), 'utf8'))
      ).toEqual({ subdomains: ['package'] })
    } finally {
      await rm(repo, { recursive: true, force: true })
    }
  })

  it('refuses a service that keeps data (1), and an unknown one (2: bad input)', async () => {
    const kept = await cli(['remove-service', 'package-site', '--root', copy])
    expect(kept.code).toBe(1)
    expect(kept.err).toMatch(
      /^elm-infra: package-site keeps data on a volume \(nomad\/package-site\.nomad\.hcl\)/
    )
    const unknown = await cli(['remove-service', 'nope', '--root', copy])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toBe(
      "elm-infra: Unknown service 'nope': expected one of api, app, guide, manual, package-site, website, www\n"
    )
  })
})
