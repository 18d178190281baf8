// Prints a share link for an existing board, e.g. one created before share links existed (no
// one holds its facilitator token). Run where the server runs, with the same DATA_DIR (or
// DATABASE_URL) and SECRET:
//
//   npx tsx scripts/issueToken.ts <roomId> [facilitator|editor|commenter|viewer]
//
// The link is `/b/<roomId>?t=<token>` on the server's address.
import { loadTokenSecret, TokenAuthority } from '../server/auth'
import { parseConfigOrExit } from '../server/config'
import { openStorage } from '../server/storage/openStorage'
import { isRole } from '../shared/workshop/roles'
import { boardLinkPath } from '../shared/workshop/workshopApi'

const [roomId, role = 'facilitator'] = process.argv.slice(2)
if (!roomId || !isRole(role)) {
  console.error(
    'usage: npx tsx scripts/issueToken.ts <roomId> [facilitator|editor|commenter|viewer]',
  )
  process.exit(2)
}

const config = parseConfigOrExit(process.env)

const storage = await openStorage({ ...config, log: () => undefined })
try {
  if (!(await storage.roomExists(roomId))) {
    console.error(`room ${roomId} does not exist in the ${storage.backend} storage`)
    process.exitCode = 1
  } else {
    const authority = new TokenAuthority({
      secret: await loadTokenSecret(storage, config.secret),
      generations: storage,
    })
    const { token, expiresAt } = await authority.issue(roomId, role)
    console.log(boardLinkPath(roomId, token))
    if (expiresAt !== null) console.log(`expires ${new Date(expiresAt).toISOString()}`)
  }
} finally {
  await storage.close()
}
