import { useEffect } from 'react'
import { react, useEditor, useToasts } from 'tldraw'
import { creationMeta } from '../../shared/workshop/privateMode'
import { isVoteOpen, timerEndsAt } from '../../shared/workshop/workshopTimer'
import { useUiStore } from '../state/uiStore'
import { useBoard } from '../board/boardContext'
import { playTimeUpChime } from './beep'
import { findStepFrame, goToViewPlace, keepInViewBesidePanels } from './camera'
import { guardLockedFrames } from './guardLockedFrames'
import { useIsFacilitator, useWorkshop } from './useFacilitation'
import { useMaybeBoardModel } from '../board/boardContext'
import { defaultAgenda } from '../../shared/workshop/agenda'
import { getVotableCards } from './votingCards'

/** How long after a step change the prompt waits for the camera to reach the step's frame. */
const stepPromptDelayMs = 800

/**
 * The facilitation behaviour that is not a control (rendered once inside `<Tldraw>`): records who
 * creates each shape, follows summons, chimes when the timer
 * runs out, opens the results when a vote closes, and (in the facilitator's browser) closes votes
 * whose time is up.
 */
export function FacilitationEffects() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const model = useMaybeBoardModel()
  const identityId = useUiStore((state) => state.identity.id)
  const isFacilitator = useIsFacilitator()
  const showVoteResults = useUiStore((state) => state.showVoteResults)
  const setStepPromptOpen = useUiStore((state) => state.setStepPromptOpen)
  const { addToast } = useToasts()
  const { connection } = useBoard()

  // Who created a shape (and in which private round): private mode hides by it.
  useEffect(() => {
    const original = editor.getInitialMetaForShape
    editor.getInitialMetaForShape = () =>
      creationMeta(identityId, Date.now(), workshop.$privateMode.get())
    return () => {
      editor.getInitialMetaForShape = original
    }
  }, [editor, workshop, identityId])

  // Frames the facilitator locked stay theirs: no change this browser would be refused for.
  useEffect(
    () => guardLockedFrames(editor, () => connection.$role.get() === 'facilitator'),
    [editor, connection],
  )

  // A summon moves everyone's camera once, when it is new (not an old one found on opening).
  useEffect(() => {
    let seenAt = workshop.$summon.get()?.at ?? null
    return react('follow summons', () => {
      const summon = workshop.$summon.get()
      if (!summon || summon.at === seenAt) return
      seenAt = summon.at
      if (workshop.isOwnSummon(summon)) return
      goToViewPlace(editor, summon)
      if (!isFacilitator) {
        addToast({
          id: 'summon',
          title: `${summon.by || 'The facilitator'} brought everyone here`,
          severity: 'info',
        })
      }
    })
  }, [editor, workshop, isFacilitator, addToast])

  // Chime when the countdown runs out while the board is open.
  useEffect(() => {
    let timeout: number | undefined
    const stop = react('timer end', () => {
      window.clearTimeout(timeout)
      const timer = workshop.$timer.get()
      const endsAt = timer ? timerEndsAt(timer) : null
      if (endsAt === null) return
      const delay = endsAt - Date.now()
      if (delay <= 0) return
      timeout = window.setTimeout(playTimeUpChime, delay)
    })
    return () => {
      stop()
      window.clearTimeout(timeout)
    }
  }, [workshop])

  // The facilitator's browser writes `closed` for votes whose time is up (everyone already stops
  // voting then, see isVoteOpen), so results open everywhere.
  useEffect(() => {
    if (!isFacilitator) return
    let timeout: number | undefined
    const closeExpired = () => {
      const now = Date.now()
      const timer = workshop.$timer.get()
      for (const session of workshop.$sessions.get()) {
        if (session.status === 'open' && !isVoteOpen(session, timer, now)) {
          workshop.closeVote(session.id, now)
        }
      }
    }
    // Writes happen in a timeout, never inside the reaction itself.
    const stop = react('close expired votes', () => {
      window.clearTimeout(timeout)
      const timer = workshop.$timer.get()
      const ends: number[] = []
      for (const session of workshop.$sessions.get()) {
        if (session.status !== 'open') continue
        if (session.endsAt !== null) ends.push(session.endsAt)
        const tiedEnd = timer?.closesVoteSessionId === session.id ? timerEndsAt(timer) : null
        if (tiedEnd !== null) ends.push(tiedEnd)
      }
      if (ends.length === 0) return
      timeout = window.setTimeout(closeExpired, Math.max(0, Math.min(...ends) - Date.now()) + 50)
    })
    return () => {
      stop()
      window.clearTimeout(timeout)
    }
  }, [workshop, isFacilitator])

  // A new step folds the prompt away: the step's frame shows it, and the camera goes there. Once
  // the camera has settled, it unfolds for whoever is not looking at the frame.
  useEffect(() => {
    let seen = workshop.$step.get()
    let timeout: number | undefined
    const stop = react('step prompt', () => {
      const step = workshop.$step.get()
      if (step === seen) return
      seen = step
      setStepPromptOpen(false)
      window.clearTimeout(timeout)
      if (step === null) return
      timeout = window.setTimeout(() => {
        const frame = findStepFrame(editor, (model?.$agenda.get() ?? defaultAgenda)[step - 1])
        const bounds = frame && editor.getShapePageBounds(frame)
        const isInView =
          bounds && editor.getAncestorPageId(frame) === editor.getCurrentPageId()
            ? editor.getViewportPageBounds().collides(bounds)
            : false
        if (!isInView) setStepPromptOpen(true)
      }, stepPromptDelayMs)
    })
    return () => {
      stop()
      window.clearTimeout(timeout)
    }
  }, [editor, workshop, model, setStepPromptOpen])

  // Everyone sees the results of a vote as soon as it closes; whoever is looking at its cards
  // keeps seeing them beside the results panel that opens over the board.
  useEffect(() => {
    let statuses = new Map(workshop.$sessions.get().map((s) => [s.id, s.status]))
    let frame: number | undefined
    const stop = react('open results on close', () => {
      const sessions = workshop.$sessions.get()
      for (const session of sessions) {
        if (session.status === 'closed' && statuses.get(session.id) === 'open') {
          showVoteResults(session.id)
          const cards = [...getVotableCards(editor).get()]
            .filter(([, type]) => type === session.cardType)
            .map(([id]) => id)
          frame = requestAnimationFrame(() => keepInViewBesidePanels(editor, cards))
        }
      }
      statuses = new Map(sessions.map((s) => [s.id, s.status]))
    })
    return () => {
      stop()
      if (frame !== undefined) cancelAnimationFrame(frame)
    }
  }, [editor, workshop, showVoteResults])

  return null
}
