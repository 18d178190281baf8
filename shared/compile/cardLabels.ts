import type { AttributeImportance, EvidenceSource } from '../schema/attributeCard'
import type { DisqualifierKind } from '../schema/disqualifierCard'
import type { Severity } from '../schema/painPointCard'
import type { DecisionRole, Seniority } from '../schema/personaCard'
import { seniorityScale } from '../values/stageScales'

/** Display names of buying-committee roles. */
export const decisionRoleLabels: Readonly<Record<DecisionRole, string>> = {
  decisionMaker: 'Decision maker',
  champion: 'Champion',
  influencer: 'Influencer',
  user: 'User',
  blocker: 'Blocker',
}

/** Display names of persona seniorities (the seniority scale's stages, which values are read on). */
export const seniorityLabels = Object.fromEntries(
  seniorityScale.stages.map((stage) => [stage.key, stage.label]),
) as Readonly<Record<Seniority, string>>

/** Display names of disqualifier kinds. */
export const disqualifierKindLabels: Readonly<Record<DisqualifierKind, string>> = {
  industry: 'Industry',
  region: 'Region',
  budget: 'Budget',
  size: 'Company size',
  legal: 'Legal',
  product: 'Product or service limit',
  technology: 'Technology',
  other: 'Other',
}

/** Display names of evidence sources. */
export const evidenceSourceLabels: Readonly<Record<EvidenceSource, string>> = {
  crm: 'CRM',
  survey: 'Survey',
  interview: 'Interview',
  analytics: 'Analytics',
  assumption: 'Assumption',
}

/** Display names of attribute importances. */
export const importanceLabels: Readonly<Record<AttributeImportance, string>> = {
  must: 'Must-have',
  nice: 'Nice-to-have',
}

/** Display names of pain point severities. */
export const severityLabels: Readonly<Record<Severity, string>> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
}
