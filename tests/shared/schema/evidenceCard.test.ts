import { describe, expect, it } from 'vitest'
import { createTLStore, type TLRecord } from 'tldraw'
import { shapeRecord } from '../../helpers/records'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import { defaultEvidenceCardProps, evidenceCardVersions } from '../../../shared/schema/evidenceCard'

function evidenceRecord(props: object): TLRecord {
  return shapeRecord('icp-evidence', props, 'shape:best')
}

describe('the evidence card schema', () => {
  const schema = createBoardSchema()
  const store = createTLStore({ schema })
  const { currency: _currency, ...before } = defaultEvidenceCardProps()

  it('gives new cards a currency for their lifetime value', () => {
    expect(defaultEvidenceCardProps().currency).toBe('USD')
  })

  it('still accepts cards stored before the currency existed, as they are', () => {
    const record = evidenceRecord({ ...before, lifetimeValue: 84000 })
    expect(schema.validateRecord(store, record, 'initialize', null)).toEqual(record)
  })

  it('refuses a currency it does not know', () => {
    const record = evidenceRecord({ ...defaultEvidenceCardProps(), currency: 'BTC' })
    expect(() => schema.validateRecord(store, record, 'initialize', null)).toThrow(/currency/)
  })

  it('drops the currency when migrated down to the version before it', () => {
    const record = evidenceRecord({ ...defaultEvidenceCardProps(), currency: 'EUR' })
    const down = schema.migratePersistedRecord(
      record,
      { schemaVersion: 2, sequences: { ...sequencesWithout(evidenceCardVersions.AddCurrency) } },
      'down',
    )
    expect(down.type).toBe('success')
    expect(down.type === 'success' && (down.value as { props: object }).props).toEqual(before)
  })
})

/** The board schema's sequences at the version just before `migrationId`. */
function sequencesWithout(migrationId: string): Record<string, number> {
  const sequences = createBoardSchema().serialize().sequences
  const [sequenceId, version] = migrationId.split('/')
  return { ...sequences, [sequenceId!]: Number(version) - 1 }
}
