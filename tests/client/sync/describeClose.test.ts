import { describe, expect, it } from 'vitest'
import { describeClose, describeDrop, isRetryCloseCode } from '../../../client/sync/boardConnection'
import { closeCodes } from '../../../shared/protocol'

describe('describeClose for refused links', () => {
  it('tells someone with a revoked or broken link to ask the facilitator for a new one', () => {
    expect(describeClose(closeCodes.unauthorized, '')).toEqual({
      code: 4401,
      title: 'This link no longer opens the board',
      detail:
        'The link may be incomplete, expired, or reset by the facilitator. Ask the facilitator for a new link.',
    })
  })

  it('keeps the server’s reason and adds what to do', () => {
    expect(describeClose(closeCodes.unauthorized, 'malformed token').detail).toBe(
      'Malformed token. Ask the facilitator for a new link.',
    )
    expect(
      describeClose(
        closeCodes.unauthorized,
        'this viewer link was revoked by the facilitator; ask for the new link',
      ).detail,
    ).toBe('This viewer link was revoked by the facilitator; ask for the new link.')
    expect(describeClose(closeCodes.forbidden, 'A viewer may not change the board.')).toEqual({
      code: 4403,
      title: 'Your link does not allow that change',
      detail:
        'A viewer may not change the board. Reload to see the board as it is, or ask the facilitator for a link with more access.',
    })
  })

  it('tells someone who opened a board without any link how to get one', () => {
    expect(describeClose(closeCodes.unauthorized, 'no token', { hasToken: false })).toEqual({
      code: 4401,
      title: 'You need a link to open this board',
      detail:
        'Boards open from the link their facilitator shares. Ask the facilitator for a link, then open it here.',
    })
  })
})

describe('describeDrop', () => {
  it('says the server is restarting for a shutdown close', () => {
    expect(describeDrop(closeCodes.serverShutdown, 'server shutting down')).toBe(
      'The server is restarting.',
    )
  })

  it('tells the person a change that could not be saved is sent again', () => {
    expect(describeDrop(closeCodes.storageFailed, 'storage failed')).toBe(
      'The server could not save the last change; it is sent again on reconnect.',
    )
  })

  it('falls back to the server’s own reason as a sentence', () => {
    expect(describeDrop(4599, 'try again in a minute')).toBe('Try again in a minute.')
  })

  it('knows which codes the provider retries', () => {
    expect(isRetryCloseCode(closeCodes.rateLimited)).toBe(true)
    expect(isRetryCloseCode(closeCodes.unauthorized)).toBe(false)
  })
})
