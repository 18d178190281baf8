import { describe, expect, it } from 'vitest'
import {
  boardFormatGeneration,
  currentBoardFormat,
  parseBoardFormatParam,
  type BoardFormat,
} from '../../../shared/schema/boardFormat'
import generations from '../../fixtures/boardFormats.json'

const formats = generations as Record<string, BoardFormat>

describe('boardFormatGeneration', () => {
  it('names the format of this code (bump it and add the new format to the fixture when a migration is added)', () => {
    expect(
      currentBoardFormat(),
      `the board format changed: set boardFormatGeneration to ${boardFormatGeneration + 1} and add ` +
        'currentBoardFormat() under that key in tests/fixtures/boardFormats.json',
    ).toEqual(formats[String(boardFormatGeneration)])
  })

  it('only ever moves forward: no sequence goes back or disappears', () => {
    const numbers = Object.keys(formats)
      .map(Number)
      .sort((a, b) => a - b)
    expect(numbers).toEqual(Array.from({ length: boardFormatGeneration }, (_, i) => i + 1))
    for (let i = 1; i < numbers.length; i++) {
      const older = formats[String(numbers[i - 1])] as BoardFormat
      const newer = formats[String(numbers[i])] as BoardFormat
      expect(newer.layout).toBeGreaterThanOrEqual(older.layout)
      for (const [sequence, version] of Object.entries(older.sequences)) {
        expect(newer.sequences[sequence], sequence).toBeGreaterThanOrEqual(version)
      }
    }
  })

  it('reads the connection parameter strictly', () => {
    expect(parseBoardFormatParam('1')).toBe(1)
    expect(parseBoardFormatParam('42')).toBe(42)
    for (const bad of [null, '', '0', '-1', '1.5', '01', 'abc', '1e3', '9999999999']) {
      expect(parseBoardFormatParam(bad), String(bad)).toBeNull()
    }
  })
})
