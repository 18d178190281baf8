import {
  BaseBoxShapeUtil,
  DefaultFontFaces,
  resizeBox,
  type TLFontFace,
  type TLResizeInfo,
} from 'tldraw'
import type { CardShape } from './cardKinds'

/** Corner radius of every card, shared by the CSS (`.icp-card`) and the selection indicator. */
export const cardCornerRadius = 12

const cardFontFaces: TLFontFace[] = [
  DefaultFontFaces.tldraw_sans.normal.normal,
  DefaultFontFaces.tldraw_sans.normal.bold,
]

/**
 * What every ICP card shares: a resizable box with a minimum size (so its text stays readable),
 * editable in place (double-click or Enter), outlined with its rounded corners, and drawn with
 * tldraw's bundled sans font so it looks the same for everyone and in exports.
 */
export abstract class BaseCardShapeUtil<Shape extends CardShape> extends BaseBoxShapeUtil<Shape> {
  /** Smallest size a resize may leave; below it the layout stops making sense. */
  protected minSize = { w: 180, h: 110 }

  override canEdit(): boolean {
    return true
  }

  override onResize(shape: Shape, info: TLResizeInfo<Shape>) {
    return resizeBox(shape, info, { minWidth: this.minSize.w, minHeight: this.minSize.h })
  }

  override getIndicatorPath(shape: Shape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, cardCornerRadius)
    return path
  }

  override getFontFaces(): TLFontFace[] {
    return cardFontFaces
  }

  override getAriaDescriptor(shape: Shape): string | undefined {
    return this.getText(shape)
  }
}
