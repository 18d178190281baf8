// Lists or restores the backups the server keeps of a room's state before it rewrites it (an
// upgrade to a new doc layout or schema). Run where the server runs, with the same DATA_DIR (or
// DATABASE_URL), while the server (every node) is stopped:
//
//   npx tsx scripts/roomBackups.ts <roomId>                 list the room's backups
//   npx tsx scripts/roomBackups.ts <roomId> restore <id>    put backup <id> back as the room's state
//
// Restoring keeps the state it replaces as one more backup. A server of the current release
// upgrades a restored room again when it loads it: restore before going back to an older release.
import { parseConfigOrExit } from '../server/config'
import { openStorage } from '../server/storage/openStorage'

const [roomId, command, backupId] = process.argv.slice(2)
const usage = 'usage: npx tsx scripts/roomBackups.ts <roomId> [restore <backupId>]'
if (!roomId || (command !== undefined && (command !== 'restore' || !backupId))) {
  console.error(usage)
  process.exit(2)
}

const config = parseConfigOrExit(process.env)
const storage = await openStorage({ ...config, log: () => undefined })
try {
  if (!(await storage.roomExists(roomId))) {
    console.error(`room ${roomId} does not exist in the ${storage.backend} storage`)
    process.exitCode = 1
  } else if (command === 'restore') {
    if (await storage.restoreRoomBackup(roomId, Number(backupId))) {
      console.log(`restored backup ${backupId} of room ${roomId}`)
    } else {
      console.error(`room ${roomId} has no backup ${backupId}; list them without "restore"`)
      process.exitCode = 1
    }
  } else {
    const backups = await storage.listRoomBackups(roomId)
    if (backups.length === 0) console.log(`room ${roomId} has no backups`)
    for (const backup of backups) {
      const when = new Date(backup.createdAt).toISOString()
      console.log(`${backup.id}\t${when}\t${backup.bytes} bytes\t${backup.reason}`)
    }
  }
} finally {
  await storage.close()
}
