import type { TemplateFrame } from './templateShapes'

/**
 * The 60-minute lean ICP: the seeds' process cut to what one meeting can do. Step 3 (interviews
 * and feedback) is left for later; each frame says how long to spend on it.
 */
export const leanIcpFrames: readonly TemplateFrame[] = [
  {
    step: 1,
    title: '1 · Best customers (10 min)',
    prompt:
      'Name 3 to 5 of your highest-value customers: fastest sales cycle, longest retention, most referrals. One Best customer card each, with the numbers from the CRM.',
  },
  {
    step: 2,
    title: '2 · What they share (15 min)',
    prompt:
      'What do they have in common? Industry, size, revenue, location, the tools they use. One Attribute card per commonality, saying where the evidence comes from.',
  },
  {
    step: 4,
    title: '3 · Key attributes (20 min)',
    prompt:
      'Move here the 5 to 7 attributes that best predict a great customer; a quick dot vote orders them. They write the ICP statement above.',
  },
  {
    step: 5,
    title: '4 · Disqualifiers (10 min)',
    prompt:
      'Who should sales drop straight away? Budget floor, excluded industries or regions, legal limits. Then save a version and plan the review (every 3 to 6 months).',
  },
]
