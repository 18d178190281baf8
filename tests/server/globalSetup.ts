import { buildServer } from '../../scripts/buildServer'

/** Compiles the server once: tests that spawn it run dist-server/index.js, as production does. */
export default async function setup() {
  await buildServer()
}
