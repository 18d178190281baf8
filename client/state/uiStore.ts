import { create, type StateCreator } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { z } from 'zod'
import {
  participantFunctions,
  type ParticipantFunction,
} from '../../shared/workshop/workshopLayout'
import {
  createRoomAccessSlice,
  sanitizeRoomAccess,
  type RoomAccessSlice,
} from '../access/roomAccessSlice'
import {
  createCommentsSlice,
  sanitizeCommentVisits,
  type CommentsSlice,
} from '../comments/commentsSlice'
import { createDataPanelSlice, type DataPanelSlice } from '../data/dataPanelSlice'
import { createFacilitationSlice, type FacilitationSlice } from '../facilitation/facilitationSlice'
import { createPanelsSlice, type PanelsSlice } from './panelsSlice'

/** Colours offered to participants: distinct on the canvas and readable behind white text. */
export const participantColors = [
  '#e03131',
  '#f76707',
  '#f59f00',
  '#2f9e44',
  '#0c8599',
  '#1971c2',
  '#4263eb',
  '#7048e8',
  '#ae3ec9',
  '#d6336c',
  '#495057',
  '#862e9c',
] as const

/** What a screen reader says for each of `participantColors`. */
export const participantColorNames: Readonly<Record<(typeof participantColors)[number], string>> = {
  '#e03131': 'Red',
  '#f76707': 'Orange',
  '#f59f00': 'Yellow',
  '#2f9e44': 'Green',
  '#0c8599': 'Teal',
  '#1971c2': 'Blue',
  '#4263eb': 'Indigo',
  '#7048e8': 'Violet',
  '#ae3ec9': 'Grape',
  '#d6336c': 'Pink',
  '#495057': 'Grey',
  '#862e9c': 'Purple',
}

export interface Identity {
  /** Stable per browser; becomes the tldraw user id. */
  id: string
  /** Empty until the person has picked a name. */
  name: string
  color: string
  /** The person's function (sales, marketing, ...); null until asked. */
  function: ParticipantFunction | null
}

export interface RecentBoard {
  roomId: string
  title: string
  lastOpenedAt: number
}

interface IdentitySlice {
  identity: Identity
  setIdentity: (changes: Partial<Omit<Identity, 'id'>>) => void
  /**
   * A random key this browser sends with every board connection (`?browser=`): the server lets
   * only this browser write under the Yjs client ids it wrote under, so its offline edits still
   * sync after a reload and nobody else can write in its name. Never shown, never shared.
   */
  browserKey: string
}

/** Light, dark, or as the operating system says; tldraw's menu sets it (Preferences › Color scheme). */
export const colorSchemes = ['light', 'dark', 'system'] as const
export type ColorScheme = (typeof colorSchemes)[number]

interface PreferencesSlice {
  colorScheme: ColorScheme
  setColorScheme: (colorScheme: ColorScheme) => void
}

interface RecentBoardsSlice {
  recentBoards: RecentBoard[]
  rememberBoard: (roomId: string, title?: string) => void
  forgetBoard: (roomId: string) => void
}

export type UiState = IdentitySlice &
  PreferencesSlice &
  RecentBoardsSlice &
  PanelsSlice &
  RoomAccessSlice &
  CommentsSlice &
  DataPanelSlice &
  FacilitationSlice

const maxRecentBoards = 12

/** 24 random bytes in base64url (32 characters), as the server's `browser` parameter expects. */
function createBrowserKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

const browserKeySchema = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/)

const createIdentitySlice: StateCreator<UiState, [], [], IdentitySlice> = (set) => ({
  browserKey: createBrowserKey(),
  identity: {
    id: crypto.randomUUID(),
    name: '',
    color: participantColors[Math.floor(Math.random() * participantColors.length)]!,
    function: null,
  },
  setIdentity: (changes) => set((state) => ({ identity: { ...state.identity, ...changes } })),
})

const createPreferencesSlice: StateCreator<UiState, [], [], PreferencesSlice> = (set) => ({
  colorScheme: 'system',
  setColorScheme: (colorScheme) => set({ colorScheme }),
})

const createRecentBoardsSlice: StateCreator<UiState, [], [], RecentBoardsSlice> = (set) => ({
  recentBoards: [],
  rememberBoard: (roomId, title) =>
    set((state) => {
      const previous = state.recentBoards.find((board) => board.roomId === roomId)
      const entry = {
        roomId,
        title: title ?? previous?.title ?? 'Untitled board',
        lastOpenedAt: Date.now(),
      }
      const others = state.recentBoards.filter((board) => board.roomId !== roomId)
      return { recentBoards: [entry, ...others].slice(0, maxRecentBoards) }
    }),
  forgetBoard: (roomId) =>
    set((state) => ({
      recentBoards: state.recentBoards.filter((board) => board.roomId !== roomId),
    })),
})

// Declared before the store: persist hydrates synchronously while `create` runs.
const persistedSchema = z.object({
  identity: z
    .object({
      id: z.string().min(1).max(100),
      name: z.string().max(40),
      color: z.string().regex(/^#[0-9a-f]{6}$/i),
      function: z.enum(participantFunctions).nullable().optional().catch(null),
    })
    .optional()
    .catch(undefined),
  recentBoards: z
    .array(z.object({ roomId: z.string(), title: z.string(), lastOpenedAt: z.number() }))
    .max(100)
    .optional()
    .catch(undefined),
  browserKey: browserKeySchema.optional().catch(undefined),
  colorScheme: z.enum(colorSchemes).optional().catch(undefined),
})

/**
 * The UI store: who I am, boards I opened, which panels are open. Board content never lives here;
 * it lives in tldraw's store and the Y.Doc. Identity and recent boards persist in localStorage.
 */
export const useUiStore = create<UiState>()(
  persist(
    (...a) => ({
      ...createIdentitySlice(...a),
      ...createPreferencesSlice(...a),
      ...createRecentBoardsSlice(...a),
      ...createPanelsSlice(a[0]),
      ...createRoomAccessSlice(a[0]),
      ...createCommentsSlice(a[0]),
      ...createDataPanelSlice(a[0], a[1]),
      ...createFacilitationSlice(a[0], a[1]),
    }),
    {
      name: 'icp-workshop:ui',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({
        identity: state.identity,
        browserKey: state.browserKey,
        recentBoards: state.recentBoards,
        colorScheme: state.colorScheme,
        roomAccess: state.roomAccess,
        commentVisits: state.commentVisits,
      }),
      // localStorage is user-editable: keep only well-formed values.
      merge: (persisted, current) => ({ ...current, ...sanitizePersisted(persisted) }),
    },
  ),
)

function sanitizePersisted(persisted: unknown): Partial<UiState> {
  const parsed = persistedSchema.safeParse(persisted)
  if (!parsed.success) return {}
  const result: Partial<UiState> = {}
  const { roomAccess, commentVisits } = persisted as Record<string, unknown>
  result.roomAccess = sanitizeRoomAccess(roomAccess) ?? {}
  result.commentVisits = sanitizeCommentVisits(commentVisits) ?? {}
  if (parsed.data.identity) {
    result.identity = { ...parsed.data.identity, function: parsed.data.identity.function ?? null }
  }
  if (parsed.data.colorScheme) result.colorScheme = parsed.data.colorScheme
  if (parsed.data.recentBoards)
    result.recentBoards = parsed.data.recentBoards.slice(0, maxRecentBoards)
  if (parsed.data.browserKey) result.browserKey = parsed.data.browserKey
  return result
}
