import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { useEffect, useMemo } from 'react'
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
import { commentTools, createCommentUiOverrides } from '../comments/commentTool'
import { CommentPins } from '../comments/CommentPins'
import { CommentsOverlay } from '../comments/CommentsOverlay'
import { CustomerDataLayer } from '../data/DataPanel'
import { boardWorkshopOf } from '../facilitation/boardWorkshop'
import { FacilitationLayer } from '../facilitation/FacilitationLayer'
import { CommentNotifications } from '../notifications/CommentNotifications'
import { createPrivateModeVisibility } from '../facilitation/privateModeVisibility'
import { VoteDots } from '../facilitation/VoteDots'
import { CardStylePanel } from '../panels/CardStylePanel'
import { cardShapeUtils } from '../shapes/cardShapeUtils'
import { CardToolbar } from '../shapes/CardToolbar'
import { cardTools, cardUiOverrides } from '../shapes/cardTools'
import { clearStatementViews } from '../shapes/statementText'
import { useUiStore } from '../state/uiStore'
import { publishAwarenessUser } from '../sync/bindAwarenessUser'
import { useBoardConnection } from '../sync/useBoardConnection'
import { startBoardCompiler } from './boardCompiler'
import { BoardContext } from './boardContext'
import { BoardSharePanel } from './BoardSharePanel'
import { BoardTitle } from './BoardTitle'
import { ConflictNotes } from './ConflictNotes'
import { IcpPanel } from './IcpPanel'
import { NameDialog, needsIntroduction } from './NameDialog'

// Fonts, icons and translations ship with our bundle: the app works with no internet.
const assetUrls = getAssetUrlsByImport()

/** Drawn over the canvas, following the camera: comment pins, vote dots, conflict notes. */
function InFrontOfTheCanvas() {
  return (
    <>
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
  InFrontOfTheCanvas,
}

const tools = [...cardTools, ...commentTools]

function onMount(editor: Editor) {
  // Open on the whole board, like Miro and FigJam, rather than on its top-left corner.
  if (editor.getCurrentPageShapeIds().size > 0) editor.zoomToFit()
  const stopCompiling = startBoardCompiler(editor)
  return () => {
    stopCompiling()
    clearStatementViews()
  }
}

/** Needed on HTTPS, non-localhost hosts; tldraw runs without it on localhost and plain HTTP. */
const licenseKey: string | undefined = import.meta.env.VITE_TLDRAW_LICENSE_KEY || undefined

/** A live workshop board at `/b/<roomId>`. */
export default function BoardPage({ roomId }: { roomId: string }) {
  const identity = useUiStore((state) => state.identity)
  const setIdentity = useUiStore((state) => state.setIdentity)

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

  // tldraw's own UI (people menu) reads and edits the same identity.
  const user = useTldrawCurrentUser({
    userPreferences: { id: identity.id, name: identity.name, color: identity.color },
    setUserPreferences: (preferences) =>
      setIdentity({
        name: preferences.name?.trim().slice(0, 40) || identity.name,
        color: preferences.color ?? identity.color,
      }),
  })

  const token = useRoomToken(roomId)
  const connection = useBoardConnection(roomId, $user, token)
  useRoomRole(roomId, token, connection)
  const role = useValue('role', () => connection?.$role.get() ?? null, [connection])
  useEffect(() => {
    // The role lets others find the facilitator to follow.
    const person = { ...identity, ...(role ? { role } : {}) }
    if (connection) publishAwarenessUser(connection.provider.awareness, person)
  }, [connection, identity, role])
  // Private brainstorm: others' new cards stay hidden until the facilitator reveals them.
  const getShapeVisibility = useMemo(
    () =>
      connection
        ? createPrivateModeVisibility(boardWorkshopOf(connection.doc), identity.id)
        : undefined,
    [connection, identity.id],
  )
  const overrides = useMemo(
    () => (connection ? [cardUiOverrides, createCommentUiOverrides(connection.$role)] : []),
    [connection],
  )
  const load = useValue(
    'board load',
    () => connection?.$load.get() ?? { kind: 'loading' as const },
    [connection],
  )
  const board = useMemo(() => (connection ? { connection, roomId } : null), [connection, roomId])

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
  if (!board || load.kind === 'loading') return <FullPageMessage title="Opening board…" />

  return (
    <BoardContext.Provider value={board}>
      <div className="board">
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
          getShapeVisibility={getShapeVisibility}
        >
          <IcpPanel />
          <CustomerDataLayer />
          <CommentsOverlay />
          <FacilitationLayer />
          <CommentNotifications />
        </Tldraw>
        {needsIntroduction(identity) && <NameDialog />}
      </div>
    </BoardContext.Provider>
  )
}
