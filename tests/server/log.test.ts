import { describe, expect, it } from 'vitest'
import { limitLogRate, type LogFields } from '../../server/log'

function capture() {
  const lines: { event: string; fields?: LogFields }[] = []
  let time = 0
  const log = limitLogRate(
    (event, fields) => lines.push({ event, fields }),
    {
      perSecond: 2,
      burst: 3,
    },
    () => time,
  )
  return { lines, log, advance: (ms: number) => (time += ms) }
}

describe('limitLogRate', () => {
  it('passes a burst per event and room, then reports how many lines it dropped', () => {
    const { lines, log, advance } = capture()
    for (let i = 0; i < 10; i++) log('update.dropped', { room: 'a', reason: String(i) })
    log('update.dropped', { room: 'b' })
    log('room.loaded', { room: 'a' })
    expect(lines.map((line) => `${line.event} ${line.fields?.room}`)).toEqual([
      'update.dropped a',
      'update.dropped a',
      'update.dropped a',
      'update.dropped b',
      'room.loaded a',
    ])
    advance(500)
    log('update.dropped', { room: 'a', reason: 'later' })
    expect(lines.slice(-2)).toEqual([
      { event: 'log.suppressed', fields: { event: 'update.dropped', room: 'a', count: 7 } },
      { event: 'update.dropped', fields: { room: 'a', reason: 'later' } },
    ])
  })

  it('reports dropped lines with any line logged 10 s after the first was dropped', () => {
    const { lines, log, advance } = capture()
    for (let i = 0; i < 5; i++) log('update.dropped', { room: 'a' })
    advance(10_000)
    log('server.stats', {})
    expect(lines.slice(-2)).toEqual([
      { event: 'log.suppressed', fields: { event: 'update.dropped', room: 'a', count: 2 } },
      { event: 'server.stats', fields: {} },
    ])
  })
})
