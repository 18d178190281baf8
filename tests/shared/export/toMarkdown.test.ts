import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../shared/compile/compileBoard'
import { escapeMarkdown } from '../../../shared/export/escapeMarkdown'
import { toMarkdown } from '../../../shared/export/toMarkdown'
import { BoardBuilder } from '../../helpers/boardBuilder'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

describe('toMarkdown', () => {
  it('renders the video game ICP as a complete handout', () => {
    const [doc] = compile(seedVideoGame as unknown as TLRecord[], { today: '2026-11-23' })
    expect(toMarkdown(doc!)).toBe(
      [
        '# Video game brands',
        '',
        '> Our ideal customer is a B2C company in the video game industry, based in the US or Canada, that has a social media following of at least 100,000 people and a branding budget of at least \\$1 million.',
        '',
        '## Key attributes',
        '',
        '| # | Attribute | Value | Category | Importance | Votes | Evidence |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| 1 | Business model | B2C | Business model | Must-have | 0 | CRM (All top-10 accounts sell to gamers) |',
        '| 2 | Industry | video game | Industry | Must-have | 0 | CRM |',
        '| 3 | Location | US or Canada | Location | Must-have | 0 | CRM |',
        '| 4 | Social media following | at least 100,000 people | Customer base | Must-have | 0 | Analytics (Followers across Twitch, YouTube and X) |',
        '| 5 | Branding budget | at least \\$1M | Budget | Must-have | 0 | Interview |',
        '',
        '## Attributes',
        '',
        '### Firmographics',
        '',
        '- **Industry**: video game. Must-have, key attribute. Evidence: CRM.',
        '- **Business model**: B2C. Must-have, key attribute. Evidence: CRM (All top-10 accounts sell to gamers).',
        '- **Employees** (Number of employees): 50 to 500 employees. Nice-to-have. Evidence: CRM.',
        '- **Branding budget** (Budget): at least \\$1M. Must-have, key attribute. Evidence: Interview.',
        '- **Location**: US or Canada. Must-have, key attribute. Evidence: CRM.',
        '- **Social media following** (Customer base): at least 100,000 people. Must-have, key attribute. Evidence: Analytics (Followers across Twitch, YouTube and X).',
        '',
        '### Technographics',
        '',
        '- **CRM** (Technology): Salesforce or HubSpot. Nice-to-have. Evidence: Survey.',
        '',
        '## Buying committee',
        '',
        '### Chief Marketing Officer (Decision maker)',
        '',
        '- Department: Marketing',
        '- Seniority: Executive',
        '- Goals:',
        '  - Grow the fan base',
        '  - Launch titles on time',
        '- Pains: Agencies miss launch windows',
        '- Objections: We already have an agency',
        '- Channels:',
        '  - LinkedIn',
        '  - Industry events',
        '- Pain points: Launch campaigns take too long to produce',
        '',
        '### Brand manager (Champion)',
        '',
        '- Department: Marketing',
        '- Seniority: Manager',
        '- Goals: Consistent brand across titles',
        '- Channels: Email',
        '- Pain points: Launch campaigns take too long to produce',
        '',
        '## Pain points',
        '',
        '- **Launch campaigns take too long to produce** (High). How we solve it: Reusable brand kits delivered in two weeks. Who has it: Chief Marketing Officer, Brand manager.',
        '',
        '## Disqualifiers',
        '',
        '| Kind | Rule | Reason |',
        '| --- | --- | --- |',
        '| Budget | under \\$250,000 | Below our minimum engagement |',
        '| Region | China or Russia | We cannot serve these regions |',
        '',
        '## Evidence: best customers',
        '',
        '| Customer | Sales cycle (days) | Retention (months) | Referrals | Lifetime value | NPS | CSAT | Note |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| Pixel Forge Studios | 21 | 36 | 4 | 420,000 | 9 | 95 | Renewed twice, referred two studios |',
        '| Nova Arcade | 30 | 24 | 2 | – | 8 | – |  |',
        '',
        '## Review',
        '',
        '- Last reviewed: 2026-09-01',
        '- Cadence: every 6 months',
        '- Next review: 2027-03-01',
        '- Checked on: 2026-11-23',
        '',
        '## Warnings',
        '',
        '_No warnings._',
        '',
      ].join('\n'),
    )
  })

  it('says when a section is empty, and flags an overdue review and the warnings', () => {
    const board = new BoardBuilder()
    const page = board.page('Empty')
    board.statement(
      { parent: page },
      { name: 'Empty ICP', reviewDate: '2025-01-31', reviewCadenceMonths: 1 },
    )
    const [doc] = compile(board.records(), { today: '2026-11-23' })
    expect(toMarkdown(doc!)).toBe(
      [
        '# Empty ICP',
        '',
        '> Our ideal customer is not defined yet: pick 5 to 7 key attributes on the board.',
        '',
        '## Key attributes',
        '',
        '_None yet._',
        '',
        '## Attributes',
        '',
        '_None yet._',
        '',
        '## Buying committee',
        '',
        '_None yet._',
        '',
        '## Pain points',
        '',
        '_None yet._',
        '',
        '## Disqualifiers',
        '',
        '_None yet._',
        '',
        '## Evidence: best customers',
        '',
        '_None yet._',
        '',
        '## Review',
        '',
        '- Last reviewed: 2025-01-31',
        '- Cadence: every 1 month',
        '- Next review: 2025-02-28 (**overdue**)',
        '- Checked on: 2026-11-23',
        '',
        '## Warnings',
        '',
        '- **Error:** This ICP has no attributes yet: add attribute cards and pick 5 to 7 key attributes.',
        '- **Warning:** The buying committee is empty: add the people who decide, champion, influence and use (B2B panels average 5.7 people).',
        '- **Warning:** No disqualifiers: add what rules a lead out (budget floor, excluded industries or regions, legal or product limits).',
        '- **Warning:** The review is overdue: last reviewed 2025-01-31, due 2025-02-28 (every 1 month).',
        '',
      ].join('\n'),
    )
  })

  it('escapes Markdown and HTML in user text, in headings, lists and table cells', () => {
    const board = new BoardBuilder()
    const page = board.page('Hostile')
    board.statement({ parent: page }, { name: '# Evil <script>alert(1)</script> *bold*' })
    board.attribute(
      { parent: page, y: 300 },
      {
        category: 'industry',
        label: 'Pipe | label',
        value: 'A|B & <b>C</b>',
        valueKind: 'text',
        evidenceNote: 'line one\nline two',
      },
    )
    board.persona(
      { parent: page, y: 600 },
      { title: '[link](javascript:x)', goals: '1. first\n- second' },
    )
    const markdown = toMarkdown(compile(board.records())[0]!)

    expect(markdown).toContain('# \\# Evil &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\*\n')
    expect(markdown).toContain(
      '| 1 | Pipe \\| label | A\\|B &amp; &lt;b&gt;C&lt;/b&gt; | Industry | Must-have | 0 | Assumption (line one<br>line two) |',
    )
    expect(markdown).toContain('### \\[link\\](javascript:x) (Influencer)')
    expect(markdown).toContain('  - first\n  - second\n')
    expect(markdown).not.toContain('<script>')
    expect(markdown).not.toContain('<b>')
  })
})

describe('escapeMarkdown', () => {
  it('escapes punctuation, HTML and line-start markers', () => {
    expect(
      [
        'a*b_c`d',
        '<img src=x>',
        '# title',
        '- item',
        '+ item',
        '1. item',
        '2) item',
        '= rule',
        'cost $5 | $6',
        'back\\slash',
        '~~gone~~',
      ].map((text) => escapeMarkdown(text)),
    ).toEqual([
      'a\\*b\\_c\\`d',
      '&lt;img src=x&gt;',
      '\\# title',
      '\\- item',
      '\\+ item',
      '1\\. item',
      '2\\) item',
      '\\= rule',
      'cost \\$5 \\| \\$6',
      'back\\\\slash',
      '\\~\\~gone\\~\\~',
    ])
  })

  it('turns newlines into spaces, or into <br> in table cells', () => {
    expect(escapeMarkdown(' one\r\n two \n\nthree ')).toBe('one two three')
    expect(escapeMarkdown('one\ntwo', { isTableCell: true })).toBe('one<br>two')
  })
})
