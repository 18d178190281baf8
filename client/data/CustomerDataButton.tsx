import { PanelToggle } from '../ui/PanelToggle'

/** Top-right button that opens and closes the customer data panel. */
export function CustomerDataButton({ onToggled }: { onToggled?: () => void }) {
  return (
    <PanelToggle panel="data" onToggled={onToggled}>
      Customer data
    </PanelToggle>
  )
}
