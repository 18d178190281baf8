import { StateNode, type VecLike } from 'tldraw'

/**
 * A tool that acts on a click on the canvas (press and release; an interruption in between, such
 * as a pinch, cancels it), with a cross cursor while it is on. It acts on release rather than
 * press, so the click's own focus change cannot steal the focus from what the click opens.
 */
export abstract class ClickTool extends StateNode {
  private isPointing = false

  /** What a click does; `point` is where it was pressed, in page space. */
  protected abstract onClickAt(point: VecLike): void

  override onEnter() {
    this.isPointing = false
    this.editor.setCursor({ type: 'cross', rotation: 0 })
  }

  override onPointerDown() {
    this.isPointing = true
  }

  override onPointerUp() {
    if (!this.isPointing) return
    this.isPointing = false
    this.onClickAt(this.editor.inputs.getOriginPagePoint())
  }

  override onInterrupt() {
    this.isPointing = false
  }
}
