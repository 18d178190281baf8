import { useUiStore } from '../state/uiStore'

/** Top-right button that opens and closes the customer data panel. */
export function CustomerDataButton() {
  const isOpen = useUiStore((state) => state.isDataPanelOpen)
  const open = useUiStore((state) => state.openDataPanel)
  const close = useUiStore((state) => state.closeDataPanel)
  return (
    <button
      type="button"
      className="button button--small"
      aria-pressed={isOpen}
      onClick={() => (isOpen ? close() : open())}
    >
      Customer data
    </button>
  )
}
