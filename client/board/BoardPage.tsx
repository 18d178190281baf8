import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { useCallback, useEffect, useMemo } from 'react'
import {
  atom,
  createUserId,
  Tldraw,
  UserRecordType,
  useTldrawCurrentUser,
  useValue,
  type Editor,
  type TLComponents,
  type TLUser,
} from 'tldraw'
import { closeCodes } from '../../shared/protocol'
import { useRoomRole, useRoomToken } from '../access/useRoomAccess'
import { FullPageMessage } from '../app/App'
import { CommentContextMenu, commentTools, createCommentUiOverrides } from '../comments/commentTool'
import { CommentPins } from '../comments/CommentPins'
import { CommentsOverlay } from '../comments/CommentsOverlay'
import { CustomerDataLayer } from '../data/DataPanel'
import { boardWorkshopOf } from '../facilitation/boardWorkshop'
import { goToOpeningView } from '../facilitation/camera'
import { FacilitationLayer } from '../facilitation/FacilitationLayer'
import { CommentNotifications } from '../notifications/CommentNotifications'
import { VoteDots } from '../facilitation/VoteDots'
import { CardPanel } from '../panels/CardPanel'
import { CardReactions } from '../reactions/CardReactions'
import { cardPanelOverrides } from '../panels/cardPanelOverrides'
import { CardLegibility } from '../shapes/CardLegibility'
import { CardStylePanel } from '../panels/CardStylePanel'
import { cardShapeUtils } from '../shapes/cardShapeUtils'
import { CardToolbar } from '../shapes/CardToolbar'
import { cardTools, cardUiOverrides } from '../shapes/cardTools'
import { useUiStore } from '../state/uiStore'
import { useScreenLayout } from '../ui/screenLayout'
import { publishAwarenessUser } from '../sync/bindAwarenessUser'
import { useBoardConnection } from '../sync/useBoardConnection'
import { BoardContext, BoardModelContext } from './boardContext'
import { BoardModel } from './boardModel'
import { keepIcpFramesNamed } from './keepIcpFramesNamed'
import { BoardSharePanel } from './BoardSharePanel'
import { BoardTitle } from './BoardTitle'
import { ConflictNotes } from './ConflictNotes'
import { IcpPanel } from './IcpPanel'
import { NameDialog, needsIntroduction } from './NameDialog'
import { SelectionStaysInView } from './SelectionStaysInView'

// Fonts, icons and translations ship with our bundle: the app works with no internet.
const assetUrls = getAssetUrlsByImport()

/** Drawn over the canvas, following the camera: reactions, comment pins, vote dots, conflict notes. */
function InFrontOfTheCanvas() {
  return (
    <>
      <CardReactions />
      <VoteDots />
      <CommentPins />
      <ConflictNotes />
    </>
  )
}

const components: TLComponents = {
  SharePanel: BoardSharePanel,
  TopPanel: BoardTitle,
  Toolbar: CardToolbar,
  StylePanel: CardStylePanel,
  ContextMenu: CommentContextMenu,
  InFrontOfTheCanvas,
}

const tools = [...cardTools, ...commentTools]

/** Needed on HTTPS, non-localhost hosts; tldraw runs without it on localhost and plain HTTP. */
const licenseKey: string | undefined = import.meta.env.VITE_TLDRAW_LICENSE_KEY || undefined

/** A live workshop board at `/b/<roomId>`. */
export default function BoardPage({ roomId }: { roomId: string }) {
  const identity = useUiStore((state) => state.identity)
  const setIdentity = useUiStore((state) => state.setIdentity)
  const colorScheme = useUiStore((state) => state.colorScheme)
  const setColorScheme = useUiStore((state) => state.setColorScheme)
  const layout = useScreenLayout()

  const $user = useMemo(() => atom<TLUser | null>('current user', null), [])
  useEffect(() => {
    $user.set(
      UserRecordType.create({
        id: createUserId(identity.id),
        name: identity.name,
        color: identity.color,
      }),
    )
  }, [$user, identity])

  // tldraw's own UI (people menu, colour scheme) reads and edits the same identity and theme.
  const user = useTldrawCurrentUser({
    userPreferences: { id: identity.id, name: identity.name, color: identity.color, colorScheme },
    setUserPreferences: (preferences) => {
      setIdentity({
        name: preferences.name?.trim().slice(0, 40) || identity.name,
        color: preferences.color ?? identity.color,
      })
      if (preferences.colorScheme) setColorScheme(preferences.colorScheme)
    },
  })

  const token = useRoomToken(roomId)
  const browserKey = useUiStore((state) => state.browserKey)
  const connectionIdentity = useMemo(
    () => ({ participantId: identity.id, browserKey }),
    [identity.id, browserKey],
  )
  const connection = useBoardConnection(roomId, $user, token, connectionIdentity)
  useRoomRole(roomId, token, connection)
  const role = useValue('role', () => connection?.$role.get() ?? null, [connection])
  useEffect(() => {
    // The role lets others find the facilitator to follow.
    const person = { ...identity, ...(role ? { role } : {}) }
    if (connection) publishAwarenessUser(connection.provider.awareness, person)
  }, [connection, identity, role])
  const overrides = useMemo(
    () =>
      connection
        ? [cardUiOverrides, cardPanelOverrides, createCommentUiOverrides(connection.$role)]
        : [],
    [connection],
  )
  const load = useValue(
    'board load',
    () => connection?.$load.get() ?? { kind: 'loading' as const },
    [connection],
  )
  const board = useMemo(() => (connection ? { connection, roomId } : null), [connection, roomId])
  const model = useMemo(
    () => (connection ? new BoardModel(boardWorkshopOf(connection.doc)) : null),
    [connection],
  )
  const onMount = useCallback(
    (editor: Editor) => {
      // Once the bars and panels are laid out, so the view leaves room for them.
      const frame = requestAnimationFrame(() => {
        const step = model?.workshop.$step.get() ?? null
        goToOpeningView(editor, step === null ? undefined : model?.$agenda.get()[step - 1])
      })
      const detach = model?.attach(editor)
      const stopNaming = keepIcpFramesNamed(editor)
      return () => {
        cancelAnimationFrame(frame)
        stopNaming()
        detach?.()
      }
    },
    [model],
  )

  if (load.kind === 'failed') {
    return (
      <FullPageMessage title={load.failure.title} detail={load.failure.detail}>
        {load.failure.code === closeCodes.forbidden && (
          <button className="button" onClick={() => window.location.reload()}>
            Reload board
          </button>
        )}
        <a className="button button--primary" href="/">
          Go to your boards
        </a>
      </FullPageMessage>
    )
  }
  if (!board || !model || load.kind === 'loading') return <FullPageMessage title="Opening board…" />

  return (
    <BoardContext.Provider value={board}>
      <BoardModelContext.Provider value={model}>
        <div className="board" data-layout={layout}>
          <Tldraw
            store={board.connection.store}
            assetUrls={assetUrls}
            shapeUtils={cardShapeUtils}
            tools={tools}
            overrides={overrides}
            components={components}
            onMount={onMount}
            user={user}
            licenseKey={licenseKey}
          >
            <SelectionStaysInView />
            <CardLegibility />
            <IcpPanel />
            <CardPanel />
            <CustomerDataLayer />
            <CommentsOverlay />
            <FacilitationLayer />
            <CommentNotifications />
          </Tldraw>
          {needsIntroduction(identity) && <NameDialog />}
        </div>
      </BoardModelContext.Provider>
    </BoardContext.Provider>
  )
}
