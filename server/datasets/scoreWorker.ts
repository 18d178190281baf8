/**
 * Worker thread entry of server/datasets/scorePool.ts: runs each score job it is sent and posts
 * the result back with the body's buffer transferred (not copied).
 */
import { parentPort } from 'node:worker_threads'
import { runScoreJob, type ScoreJobInput } from './scoreJob'

parentPort?.on('message', ({ id, input }: { id: number; input: ScoreJobInput }) => {
  try {
    const result = runScoreJob(input)
    const body = new Uint8Array(result.body)
    parentPort?.postMessage({ id, result: { ...result, body } }, [body.buffer])
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
})
