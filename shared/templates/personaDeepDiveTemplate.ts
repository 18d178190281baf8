import type { TemplateFrame } from './templateShapes'

/**
 * The persona deep-dive: the buying committee of one ICP, role by role (the seeds: 3 to 10
 * contacts per account, 5.7 people on average), with the pain points they share. Every frame is a
 * step 3 frame, so its personas and pain points compile into the ICP's buying committee.
 */
export const personaDeepDiveFrames: readonly TemplateFrame[] = [
  {
    step: 3,
    title: 'Decision makers',
    prompt:
      'Who signs off on the purchase? One Persona card per role: title, department, seniority, goals, pains, objections and the channel that reaches them.',
  },
  {
    step: 3,
    title: 'Champions',
    prompt:
      'Who pushes for us inside the account? What do they need from us to win the argument internally?',
  },
  {
    step: 3,
    title: 'Influencers & users',
    prompt:
      'Who shapes the requirements, and who uses the product every day? What do they value, and what slows them down?',
  },
  {
    step: 3,
    title: 'Blockers & objections',
    prompt:
      'Who could stop the deal (procurement, IT, legal, finance)? Write down their objections and how sales answers each one.',
  },
  {
    step: 3,
    title: 'Shared pain points',
    prompt:
      'Which bottlenecks do these people have? One Pain point card each, with how we solve it; draw an arrow from it to every persona who has it.',
  },
  {
    step: 3,
    title: 'Committee check',
    prompt:
      'Buying committees average 5.7 people: is anyone missing? Is there a decision maker? Ask sales and customer success who they actually meet.',
  },
]
