import { isCompoundCategory, readCategory } from './categories'
import type { TermFamily, ValueTerm } from './parsedValue'
import { readPlace } from './places'
import { fundingScale, isOneStage, readStage, seniorityScale } from './stageScales'
import { readTool } from './tools'

/**
 * Reads one phrase (a list item of a card value, or a data cell) in a family's vocabulary:
 * places as ISO country codes, categories and tools as normalised names, funding and seniority
 * as stages. A phrase the vocabulary does not know keeps its text as the label and no keys (it
 * is then matched as text).
 */
export function readTerm(family: TermFamily, text: string): ValueTerm {
  const known = readKnownTerm(family, text)
  return known ?? { label: text.trim(), keys: [] }
}

function readKnownTerm(family: TermFamily, text: string): ValueTerm | null {
  switch (family) {
    case 'place':
      return readPlace(text)
    case 'category':
      return readCategory(text)
    case 'tool':
      return readTool(text)
    case 'funding':
      return readStage(fundingScale, text)
    case 'seniority':
      return readStage(seniorityScale, text)
  }
}

/**
 * True when a phrase holding a list separator names one thing of the family and must not be
 * split: `Bosnia and Herzegovina`, `UK and Ireland`, `Oil & Gas`, `between Seed and Series B`.
 */
export function isOneTerm(family: TermFamily, phrase: string): boolean {
  switch (family) {
    case 'place':
      return readPlace(phrase) !== null
    case 'category':
      return isCompoundCategory(phrase)
    case 'tool':
      return false
    case 'funding':
      return isOneStage(fundingScale, phrase)
    case 'seniority':
      return isOneStage(seniorityScale, phrase)
  }
}
