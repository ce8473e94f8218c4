import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionsIo, actionsLogger, actionsMasker } from '../../shared/adapters/actions-core.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import type { ArtifactUploader, TerraformDeps } from './deps.js'

const artifactUploader = (env: NodeJS.ProcessEnv): ArtifactUploader => ({
  async upload(name, files, root, retentionDays) {
    if (!env['ACTIONS_RUNTIME_TOKEN']) return 'not-on-a-runner'
    const { DefaultArtifactClient } = await import('@actions/artifact')
    await new DefaultArtifactClient().uploadArtifact(name, [...files], root, { retentionDays })
    return 'uploaded'
  }
})

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined
    throw error
  }
}

async function readEvent(env: NodeJS.ProcessEnv): Promise<unknown> {
  const path = env['GITHUB_EVENT_PATH']
  const text = path ? await readText(path) : undefined
  return text ? (JSON.parse(text) as unknown) : {}
}

/**
 * The real world: @actions/core, processes, the tool cache, artifacts and GitHub. The heavy
 * libraries (@actions/artifact, @actions/tool-cache, Octokit) are imported where they are first
 * used, so ncc puts them in chunks of their own and a run that fails on its inputs never loads them
 * (issue #12: start-up within 1.3x of a bare @actions/core action; `npm run bench` measures it).
 */
export function realDeps(env: NodeJS.ProcessEnv = process.env): TerraformDeps {
  return {
    ...actionsIo,
    runner: execRunner,
    artifacts: artifactUploader(env),
    env,
    readEvent: () => readEvent(env),
    readText,
    writeText: (path, text) => writeFile(path, text, { mode: 0o600 }),
    readBytes: path => readFile(path),
    makeTempDir: () => mkdtemp(join(env['RUNNER_TEMP'] ?? tmpdir(), 'terraform-plan-')),
    installTerraform: async version => {
      const [cache, { installTerraform }] = await Promise.all([
        import('@actions/tool-cache'),
        import('../../shared/terraform/install-terraform.js')
      ])
      return installTerraform(version, { cache, runner: execRunner, log: actionsLogger })
    },
    connectGitHub: async (token, trustedBot) => {
      const [{ createGitHub }, { readBotComment }] = await Promise.all([
        import('../../shared/github/create-github.js'),
        import('./bot-comment.js')
      ])
      const github = createGitHub({
        token,
        env,
        trustedBot,
        log: actionsLogger,
        masker: actionsMasker
      })
      const repo = { owner: github.context.owner, repo: github.context.repo }
      return {
        stickyComments: github.stickyComments,
        pullRequests: github.pullRequests,
        readComment: (issueNumber, marker) =>
          readBotComment(github.octokit, repo, issueNumber, marker, github.trustedBot)
      }
    }
  }
}
