import { describe, expect, test } from '@jest/globals'
import { decideImage } from './decide-image.js'

describe('decideImage', () => {
  test.each([
    {
      name: 'new content: build, then tag everything',
      content: undefined,
      tags: { abc: undefined, '1.3': 'sha256:old' },
      expected: { action: 'build', retag: ['abc', '1.3'] }
    },
    {
      name: 'unchanged rerun: reuse, write nothing',
      content: 'sha256:d',
      tags: { abc: 'sha256:d' },
      expected: { action: 'reuse', digest: 'sha256:d', retag: [] }
    },
    {
      name: 'new commit, same content: re-tag only the SHA',
      content: 'sha256:d',
      tags: { def: undefined },
      expected: { action: 'reuse', digest: 'sha256:d', retag: ['def'] }
    },
    {
      name: 'a version moved elsewhere is moved back',
      content: 'sha256:d',
      tags: { abc: 'sha256:d', '1.3': 'sha256:x' },
      expected: { action: 'reuse', digest: 'sha256:d', retag: ['1.3'] }
    }
  ])('$name', ({ content, tags, expected }) => {
    expect(decideImage(content, tags)).toEqual(expected)
  })
})
