import { normalizeText } from './normalizeText'
import type { ValueTerm } from './parsedValue'

/** Products known under several names: the name shown, then the other names (normalised). */
export const toolAliases: readonly { label: string; names: readonly string[] }[] = [
  { label: 'Google Workspace', names: ['g suite', 'gsuite', 'google apps', 'google workspace'] },
  { label: 'Microsoft 365', names: ['office 365', 'o365', 'm365', 'ms 365', 'microsoft office 365'] },
  { label: 'Salesforce', names: ['sfdc', 'salesforce crm', 'salesforce sales cloud', 'sales cloud'] },
  { label: 'HubSpot', names: ['hubspot crm', 'hub spot'] },
  { label: 'Microsoft Dynamics', names: ['dynamics 365', 'ms dynamics', 'dynamics crm'] },
  { label: 'Google Analytics', names: ['ga4', 'google analytics 4'] },
  { label: 'Microsoft Teams', names: ['ms teams', 'teams'] },
  { label: 'Amazon Web Services', names: ['aws'] },
  { label: 'Google Cloud', names: ['gcp', 'google cloud platform'] },
  { label: 'Shopify', names: ['shopify plus'] },
] // prettier-ignore

const labelByKey = new Map<string, string>()
const keyByName = new Map<string, string>()
for (const { label, names } of toolAliases) {
  const key = normalizeText(label)
  labelByKey.set(key, label)
  for (const name of [label, ...names]) keyByName.set(normalizeText(name), key)
}

/**
 * Reads a technology: its normalised name, other names of the same product read as one
 * (`G Suite` = `Google Workspace`, `Office 365` = `Microsoft 365`, `SFDC` = `Salesforce`).
 * A data cell fits when it contains the name as whole words (`Zoho CRM` fits `Zoho`).
 */
export function readTool(text: string): ValueTerm {
  const normalized = normalizeText(text.replace(/^(?:uses|using|runs on|built on)\s+/i, ''))
  const key = keyByName.get(normalized) ?? normalized
  return { label: labelByKey.get(key) ?? text.trim(), keys: key === '' ? [] : [key] }
}
