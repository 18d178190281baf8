import {
  ArrowDownToolbarItem,
  ArrowLeftToolbarItem,
  ArrowRightToolbarItem,
  ArrowToolbarItem,
  ArrowUpToolbarItem,
  AssetToolbarItem,
  CheckBoxToolbarItem,
  CloudToolbarItem,
  DefaultToolbar,
  DiamondToolbarItem,
  DrawToolbarItem,
  EllipseToolbarItem,
  EraserToolbarItem,
  FrameToolbarItem,
  HandToolbarItem,
  HeartToolbarItem,
  HexagonToolbarItem,
  HighlightToolbarItem,
  LaserToolbarItem,
  LineToolbarItem,
  NoteToolbarItem,
  OvalToolbarItem,
  RectangleToolbarItem,
  RhombusToolbarItem,
  SelectToolbarItem,
  StarToolbarItem,
  TextToolbarItem,
  ToolbarItem,
  TriangleToolbarItem,
  XBoxToolbarItem,
  useTranslation,
} from 'tldraw'
import { useCallback } from 'react'
import { CommentToolbarItem } from '../comments/commentTool'
import { useIsSheetLayout } from '../ui/screenLayout'
import { cardKinds } from './cardKinds'
import './cards.css'

/**
 * tldraw's toolbar with the card tools right after the basics (select, hand, draw, eraser, arrow,
 * text, note) and before the shapes, so the cards stay visible on a laptop screen while the rarer
 * shapes move into the overflow menu first. A phone shows only a few tools: there the comment
 * and card tools come right after select and hand. Mount as the `Toolbar` component slot.
 */
export function CardToolbar() {
  const labelToolLock = useLabelToolLock()
  const isPhone = useIsSheetLayout()
  const icpTools = (
    <>
      <CommentToolbarItem />
      {cardKinds.map((kind) => (
        <ToolbarItem key={kind.type} tool={kind.type} />
      ))}
    </>
  )
  return (
    <div ref={labelToolLock} className="icp-toolbar">
      <DefaultToolbar maxItems={14} maxSizePx={640}>
        <SelectToolbarItem />
        <HandToolbarItem />
        {isPhone && icpTools}
        <DrawToolbarItem />
        <EraserToolbarItem />
        <ArrowToolbarItem />
        <TextToolbarItem />
        <NoteToolbarItem />
        {!isPhone && icpTools}
        <FrameToolbarItem />
        <AssetToolbarItem />
        <RectangleToolbarItem />
        <EllipseToolbarItem />
        <TriangleToolbarItem />
        <DiamondToolbarItem />
        <HexagonToolbarItem />
        <OvalToolbarItem />
        <RhombusToolbarItem />
        <StarToolbarItem />
        <CloudToolbarItem />
        <HeartToolbarItem />
        <XBoxToolbarItem />
        <CheckBoxToolbarItem />
        <ArrowLeftToolbarItem />
        <ArrowUpToolbarItem />
        <ArrowDownToolbarItem />
        <ArrowRightToolbarItem />
        <LineToolbarItem />
        <HighlightToolbarItem />
        <LaserToolbarItem />
      </DefaultToolbar>
    </div>
  )
}

/**
 * tldraw 5.4 draws the toolbar's "lock tool" button (shown while a lockable tool is active) with
 * an icon and a tooltip but no accessible name; this names it, in tldraw's own words, whenever
 * it appears. Returns a ref callback for an element around the toolbar.
 */
function useLabelToolLock(): (element: HTMLElement | null) => (() => void) | undefined {
  const msg = useTranslation()
  const label = msg('action.toggle-tool-lock')
  return useCallback(
    (element: HTMLElement | null) => {
      if (!element) return undefined
      const name = () => {
        const button = element.querySelector('[data-testid="tool-lock"]')
        if (button && button.getAttribute('aria-label') !== label) {
          button.setAttribute('aria-label', label)
        }
      }
      name()
      const observer = new MutationObserver(name)
      observer.observe(element, { childList: true, subtree: true })
      return () => observer.disconnect()
    },
    [label],
  )
}
