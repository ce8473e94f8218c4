import { describe, expect, it } from '@jest/globals'
import { main } from './main.js'
import { commentEvent, fakeDeps } from './test-support/fakes.js'

const COMMAND_COMMENT_ID = 396926483 // comment.id in the recorded atlantis payload

describe('chatops command mode', () => {
  it('accepts a valid command: 👀, one "deploying…" reply, outputs for the deploy job', async () => {
    const { deps, recorded } = fakeDeps()
    await main(deps)
    expect(recorded.reactions).toEqual([{ commentId: COMMAND_COMMENT_ID, content: 'eyes' }])
    expect(recorded.comments).toHaveLength(1)
    expect(recorded.comments[0]?.body).toContain(
      '⏳ Deploying `package-site` `1.3` to `production`'
    )
    expect(recorded.comments[0]?.body).toContain('https://github.com/elm/elm-infra/actions/runs/42')
    expect(recorded.outputs).toEqual({
      'should-deploy': 'true',
      author: 'evancz',
      service: 'package-site',
      version: '1.3',
      environment: 'production',
      'job-file': 'nomad/package-site.nomad.hcl',
      image: 'ghcr.io/elm/package-site',
      'image-ref': `ghcr.io/elm/package-site@sha256:${'ab'.repeat(32)}`,
      'comment-id': String(recorded.comments[0]?.id),
      'started-at': '1000000',
      decision: 'deploy',
      reason: ''
    })
    expect(recorded.tagQueries).toEqual(['ghcr.io/elm/package-site'])
    expect(recorded.repo).toEqual({ owner: 'elm', repo: 'elm-infra' })
    expect(recorded.masked).toContain('ghs_secret')
  })

  it('looks the image up in the registry input instead of the catalog host', async () => {
    const { deps, recorded } = fakeDeps({ inputs: { registry: '127.0.0.1:5000' } })
    await main(deps)
    expect(recorded.tagQueries).toEqual(['127.0.0.1:5000/elm/package-site'])
    expect(recorded.outputs['image']).toBe('127.0.0.1:5000/elm/package-site')
  })

  it('ignores comments that are not commands without touching GitHub', async () => {
    const { deps, recorded } = fakeDeps({ event: commentEvent('LGTM, /deploy later') })
    await main(deps)
    expect(recorded.repo).toBeUndefined()
    expect(recorded.comments).toEqual([])
    expect(recorded.reactions).toEqual([])
    expect(recorded.outputs['should-deploy']).toBe('false')
    expect(recorded.outputs['decision']).toBe('ignore')
    expect(recorded.summaries).toEqual([
      expect.stringContaining('mentions /deploy but does not start')
    ])
  })

  it('ignores other events', async () => {
    const { deps, recorded } = fakeDeps({ event: { name: 'push', payload: {} } })
    await main(deps)
    expect(recorded.outputs['decision']).toBe('ignore')
    expect(recorded.outputs['reason']).toContain('push')
  })

  it('rejects a malformed command with 👀 then 😕 and a reply with usage and services', async () => {
    const { deps, recorded } = fakeDeps({
      event: commentEvent('/deploy package-site 1.3; rm -rf /')
    })
    await main(deps)
    expect(recorded.reactions.map(r => r.content)).toEqual(['eyes', 'confused'])
    expect(recorded.comments).toHaveLength(1)
    expect(recorded.comments[0]?.body).toContain("'1.3;' is not a version")
    expect(recorded.comments[0]?.body).toContain('Services: `package-site`, `website`, `www`.')
    expect(recorded.outputs['should-deploy']).toBe('false')
    expect(recorded.outputs['decision']).toBe('reject')
  })

  it('replies with the latest versions when the image does not exist', async () => {
    const tags = ['1.2', '1.10', 'latest', 'ctx-abc', '0.9']
    const { deps, recorded } = fakeDeps({ event: commentEvent('/deploy package-site 1.3'), tags })
    await main(deps)
    expect(recorded.comments[0]?.body).toContain('There is no image `ghcr.io/elm/package-site:1.3`')
    expect(recorded.comments[0]?.body).toContain('`1.10`, `1.2`, `0.9`')
    expect(recorded.reactions.map(r => r.content)).toEqual(['eyes', 'confused'])
    expect(recorded.outputs['should-deploy']).toBe('false')
    expect(recorded.outputs['decision']).toBe('image-missing')
  })

  it('fails the step when the registry cannot be read, and says so in the one reply', async () => {
    const { deps, recorded } = fakeDeps({ tags: new Error('HTTP 503') })
    await expect(main(deps)).rejects.toThrow('HTTP 503')
    expect(recorded.outputs['should-deploy']).toBe('false')
    expect(recorded.outputs['decision']).toBe('error')
    expect(recorded.comments.map(c => c.body)).toEqual([
      expect.stringContaining('😕 Something went wrong before the deploy started')
    ])
    expect(recorded.comments[0]?.body).toContain('HTTP 503')
    expect(recorded.reactions.map(r => r.content)).toEqual(['eyes', 'confused'])
  })
})

describe('chatops report mode', () => {
  const report = {
    mode: 'report',
    'comment-id': '9000',
    service: 'package-site',
    version: '1.3',
    'started-at': '1000000'
  }

  it('updates the reply to success and reacts 🚀', async () => {
    const inputs = {
      ...report,
      result: 'success',
      status: 'successful',
      promoted: 'true',
      'job-version': '4'
    }
    const { deps, recorded } = fakeDeps({ inputs, now: 1_095_000 })
    await main(deps)
    expect(recorded.comments).toHaveLength(1)
    expect(recorded.comments[0]?.id).toBe(9000)
    expect(recorded.comments[0]?.body).toMatch(
      /^🚀 Deployed `package-site` `1\.3` to `production`\./
    )
    expect(recorded.comments[0]?.body).toContain('- Took 1 min 35 s')
    expect(recorded.reactions).toEqual([{ commentId: COMMAND_COMMENT_ID, content: 'rocket' }])
  })

  it('updates the reply to failure with the reason and reacts 😕', async () => {
    const inputs = {
      ...report,
      result: 'failure',
      status: 'failed',
      'reverted-to': '3',
      reason: 'Failed due to unhealthy allocations - rolling back to job version 3'
    }
    const { deps, recorded } = fakeDeps({ inputs })
    await main(deps)
    expect(recorded.comments[0]?.body).toContain(
      '😕 Failed to deploy `package-site` `1.3` to `production`.'
    )
    expect(recorded.comments[0]?.body).toContain('> Failed due to unhealthy allocations')
    expect(recorded.comments[0]?.body).toContain('rolled back to job version `3`')
    expect(recorded.reactions).toEqual([{ commentId: COMMAND_COMMENT_ID, content: 'confused' }])
  })

  it('reads the reason from the GitHub Deployment status when none is passed', async () => {
    const inputs = {
      ...report,
      result: 'failure',
      status: 'failure',
      'github-deployment-id': '555'
    }
    const { deps, recorded } = fakeDeps({ inputs })
    await main(deps)
    expect(recorded.comments[0]?.body).toContain(
      '> Failed due to unhealthy allocations - rolling back to job version 3'
    )
  })

  it('reports a cancelled deploy job as a failure even without nomad-deploy outputs', async () => {
    const { deps, recorded } = fakeDeps({ inputs: { ...report, result: 'cancelled' } })
    await main(deps)
    expect(recorded.comments[0]?.body).toContain('😕 Cancelled the deploy of `package-site`')
    expect(recorded.comments[0]?.body).toContain('ended as cancelled')
  })

  it.each([
    [{ result: 'maybe' }, "Input 'result' is 'maybe'"],
    [{ result: 'success', 'comment-id': 'abc' }, "Input 'comment-id' is 'abc'"],
    [{ result: 'success', 'comment-id': '' }, "Input 'comment-id' is missing"]
  ])('refuses bad report inputs %j', async (extra, message) => {
    const { deps } = fakeDeps({ inputs: { ...report, ...extra } })
    await expect(main(deps)).rejects.toThrow(message)
  })
})
