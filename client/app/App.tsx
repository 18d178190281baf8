import { lazy, Suspense } from 'react'
import { HomePage } from '../home/HomePage'
import { parseRoute, usePathname } from './route'
import { useDocumentTheme } from './useDocumentTheme'

// The board pulls in tldraw (most of the bundle); the home page loads without it.
const BoardPage = lazy(() => import('../board/BoardPage'))

export function App() {
  useDocumentTheme()
  const route = parseRoute(usePathname())
  switch (route.page) {
    case 'home':
      return <HomePage />
    case 'board':
      return (
        <Suspense fallback={<FullPageMessage title="Opening board…" />}>
          <BoardPage key={route.roomId} roomId={route.roomId} />
        </Suspense>
      )
    case 'notFound':
      return (
        <FullPageMessage
          title="Page not found"
          detail="This address is not a page of ICP Workshop."
        >
          <a className="button button--primary" href="/">
            Go to your boards
          </a>
        </FullPageMessage>
      )
  }
}

export function FullPageMessage({
  title,
  detail,
  children,
}: {
  title: string
  detail?: string
  children?: React.ReactNode
}) {
  return (
    <main className="full-page-message" role={detail ? 'alert' : 'status'}>
      <h1>{title}</h1>
      {detail && <p>{detail}</p>}
      {children}
    </main>
  )
}
