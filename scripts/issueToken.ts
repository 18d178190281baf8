// Prints a share link for an existing board, e.g. one created before share links existed (no
// one holds its facilitator token). Run where the server runs, with the same DATA_DIR and SECRET:
//
//   npx tsx scripts/issueToken.ts <roomId> [facilitator|editor|commenter|viewer]
//
// The link is `/b/<roomId>?t=<token>` on the server's address.
import { TokenAuthority, loadOrCreateSecret } from '../server/auth'
import { parseConfigOrExit } from '../server/config'
import { createSqlitePersistence } from '../server/persistence'
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

const persistence = createSqlitePersistence(config.dataDir)
try {
  if (!persistence.roomExists(roomId)) {
    console.error(`room ${roomId} does not exist in ${persistence.file}`)
    process.exit(1)
  }
  const authority = new TokenAuthority({
    secret: loadOrCreateSecret(config.dataDir, config.secret),
    generations: persistence,
  })
  const { token, expiresAt } = authority.issue(roomId, role)
  console.log(boardLinkPath(roomId, token))
  if (expiresAt !== null) console.log(`expires ${new Date(expiresAt).toISOString()}`)
} finally {
  persistence.close()
}
