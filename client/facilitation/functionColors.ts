import type { ParticipantFunction } from '../../shared/workshop/workshopLayout'

/** One colour per participant function, for vote bars (distinct, readable on white). */
export const functionColors: Record<ParticipantFunction, string> = {
  sales: '#1971c2',
  marketing: '#e8590c',
  product: '#7048e8',
  customerSuccess: '#2f9e44',
  other: '#868e96',
}
