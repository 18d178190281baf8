// jsdom lacks a few browser APIs tldraw touches; these stand-ins are enough for component tests.
// Real canvas behaviour is tested in Chromium (tests/browser).
import 'fake-indexeddb/auto'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver
HTMLImageElement.prototype.decode ??= () => Promise.resolve()
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext']

afterEach(() => {
  cleanup()
  localStorage.clear()
})
