import { downloadTokenResponseSchema } from '../../shared/workshop/workshopApi'
import { request } from '../app/api'
import { withToken } from './shareLinks'

/**
 * Downloads a file the server makes (`path`, a GET under /api/rooms/<roomId>) through a plain link,
 * so the browser's own download flow names and saves it. The link carries a download token that
 * lasts a minute and only reads, never the share-link token: a URL ends up in history and logs.
 */
export async function downloadFromServer(
  roomId: string,
  path: string,
  shareToken: string | null,
): Promise<void> {
  const { token } = await request(
    `/api/rooms/${encodeURIComponent(roomId)}/download-token`,
    { method: 'POST' },
    downloadTokenResponseSchema,
    shareToken,
  )
  const link = document.createElement('a')
  link.href = withToken(path, token)
  link.download = ''
  document.body.append(link)
  link.click()
  link.remove()
}
