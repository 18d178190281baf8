import { PanelToggle } from '../ui/PanelToggle'

/** Top-right button that opens and closes the customer data panel. */
export function CustomerDataButton() {
  return <PanelToggle panel="data">Customer data</PanelToggle>
}
