import type { TLShape } from 'tldraw'
import { isHiddenByPrivateMode, readCreationMeta } from '../../shared/workshop/privateMode'
import type { BoardWorkshop } from './boardWorkshop'

/**
 * tldraw's `getShapeVisibility` for a board in private mode: shapes others created during the
 * current private round are hidden from `viewerId` (shared/workshop/privateMode.ts). Reads the
 * private-mode signal, so shapes show again as soon as the facilitator reveals them.
 */
export function createPrivateModeVisibility(workshop: BoardWorkshop, viewerId: string) {
  return (shape: TLShape): 'hidden' | 'inherit' =>
    isHiddenByPrivateMode(readCreationMeta(shape.meta), workshop.$privateMode.get(), viewerId)
      ? 'hidden'
      : 'inherit'
}
