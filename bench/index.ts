/**
 * `npm run bench`: prints the numbers README quotes. Every comparison runs both sides in the same
 * run on the same machine and reports a ratio; absolute numbers vary with the machine.
 */
import os from 'node:os'
import { measureCompile } from './compile'
import { measureDrag } from './drag'
import { measureColdLoad, measureIdleRooms, measureReferenceJoin } from './idleRooms'
import { measureJoinOurs, measureJoinReference } from './joinRoom'
import {
  removeDataDir,
  startOurServer,
  startReferenceServer,
  type BenchServer,
} from './lib/servers'
import { formatBytes, formatMs, printTable, summarize, type Summary } from './lib/stats'
import { measureLoad, type LoadOptions, type LoadResult } from './load'
import { buildServer } from '../scripts/buildServer'
import {
  measureClusterFanOut,
  measureThroughput,
  startBenchNodes,
  startBenchServices,
  type ThroughputResult,
} from './cluster'
import { measureScoring } from './scoring'
import { measureStartup, startupVariants } from './startup'
import { measureFanOut } from './syncLatency'
import { measureUpdateChecks } from './updateChecks'

// Every y-websocket provider in Node adds a process 'exit' listener; hundreds are expected here.
process.setMaxListeners(0)

const only = process.argv.slice(2)
const wants = (section: string) => only.length === 0 || only.includes(section)

function ratio(ours: number, reference: number): string {
  return `${(ours / reference).toFixed(2)}×`
}

async function withServer<T>(
  start: () => Promise<BenchServer>,
  run: (server: BenchServer) => Promise<T>,
): Promise<T> {
  const server = await start()
  try {
    return await run(server)
  } finally {
    await server.stop()
    removeDataDir(server.dataDir)
  }
}

function updateChecksSection() {
  console.log('## What the server checks cost per update (in-process, p50)\n')
  printTable(
    ['update', 'bytes', 'pre-scan (cost limits)', 'inspection (roles, content)', 'Y.decodeUpdate'],
    measureUpdateChecks().map((cost) => [
      cost.name,
      formatBytes(cost.bytes),
      formatMs(cost.prescan.p50),
      cost.inspect ? formatMs(cost.inspect.p50) : `not reached: ${cost.refusal}`,
      formatMs(cost.decode.p50),
    ]),
  )
}

async function syncSection() {
  updateChecksSection()
  console.log('## Update fan-out latency (one writer, everyone else receives)\n')
  const loads = [
    { clients: 2, rounds: 400 },
    { clients: 50, rounds: 100 },
    { clients: 200, rounds: 40 },
  ]
  const rows: string[][] = []
  for (const { clients, rounds } of loads) {
    const ours = await withServer(startOurServer, (server) =>
      measureFanOut(server, clients, rounds),
    )
    const reference = await withServer(startReferenceServer, (server) =>
      measureFanOut(server, clients, rounds),
    )
    rows.push([
      String(clients),
      String(ours.summary.count),
      formatMs(ours.summary.p50),
      formatMs(ours.summary.p99),
      formatMs(reference.summary.p50),
      formatMs(reference.summary.p99),
      ratio(ours.summary.p50, reference.summary.p50),
      ratio(ours.summary.p99, reference.summary.p99),
    ])
  }
  printTable(
    [
      'clients',
      'samples',
      'ours p50',
      'ours p99',
      'reference p50',
      'reference p99',
      'p50 ratio',
      'p99 ratio',
    ],
    rows,
  )
  console.log(
    'Ours writes every update to SQLite before relaying it; the reference keeps rooms in memory only.\n',
  )
}

async function joinSection() {
  console.log('## Joining a room of 2,000 shapes with 20,000 edits of history\n')
  const ours = await measureJoinOurs()
  const reference = await withServer(startReferenceServer, measureJoinReference)
  const oursWarm = summarize(ours.warmJoinMs).p50
  const referenceWarm = summarize(reference.warmJoinMs).p50
  printTable(
    [
      'server',
      'join, room in memory (median of 5)',
      'join after restart (median of 5)',
      'Y.encodeStateAsUpdate',
      'stored rows',
      'SQLite file',
    ],
    [
      [
        'ours',
        formatMs(oursWarm),
        formatMs(summarize(ours.coldJoinMs!).p50),
        formatBytes(ours.stateBytes),
        formatBytes(ours.storedBytes!),
        formatBytes(ours.fileBytes!),
      ],
      [
        'reference',
        formatMs(referenceWarm),
        'n/a (memory only)',
        formatBytes(reference.stateBytes),
        'n/a',
        'n/a',
      ],
    ],
  )
  console.log(
    `Warm join ratio ours/reference: ${ratio(oursWarm, referenceWarm)}; stored rows / state size: ${(ours.storedBytes! / ours.stateBytes).toFixed(2)}×\n`,
  )
}

async function roomsSection() {
  console.log('## Memory per idle room, cold load of a 1 MB room\n')
  const roomCount = 200
  const ours = await withServer(startOurServer, (server) => measureIdleRooms(server, roomCount))
  const reference = await withServer(startReferenceServer, (server) =>
    measureIdleRooms(server, roomCount),
  )
  printTable(
    ['server', `RSS per idle room (${roomCount} rooms of 50 shapes, one idle client each)`],
    [
      ['ours', formatBytes(ours)],
      ['reference', formatBytes(reference)],
    ],
  )
  console.log(`Ratio ours/reference: ${ratio(ours, reference)}\n`)
  const cold = await measureColdLoad(1024 * 1024)
  const referenceJoin = await withServer(startReferenceServer, (server) =>
    measureReferenceJoin(server, 1024 * 1024),
  )
  // Median and min – max of the timed joins (summarize, not fixed indexes of a sorted 5).
  const spread = (samples: number[]) => {
    const { p50, min, max } = summarize(samples)
    return [formatMs(p50), `${formatMs(min)} – ${formatMs(max)}`]
  }
  console.log(`Joining a ~1 MB room (median of 5 joins, min – max):\n`)
  printTable(
    ['server', 'room', 'state', 'join (median)', 'min – max'],
    [
      [
        'ours',
        'cold: server just restarted, loaded from SQLite',
        formatBytes(cold.stateBytes),
        ...spread(cold.coldJoinMs),
      ],
      ['ours', 'in memory', formatBytes(cold.stateBytes), ...spread(cold.warmJoinMs)],
      [
        'reference',
        'in memory (memory-only server: no cold load exists)',
        formatBytes(referenceJoin.stateBytes),
        ...spread(referenceJoin.warmJoinMs),
      ],
    ],
  )
}

function dragSection() {
  console.log('## Dragging: 10,000 frames, state size and time per frame, by doc layout\n')
  const rows: string[][] = []
  for (const [boardShapes, draggedCards] of [
    [50, 1],
    [50, 5],
    [2000, 1],
  ] as const) {
    const results = measureDrag(boardShapes, draggedCards)
    const before = results[0]!
    for (const result of results) {
      rows.push([
        String(boardShapes),
        String(draggedCards),
        result.layout,
        formatBytes(result.stateBefore),
        formatBytes(result.stateAfter),
        formatBytes(result.stateAfter - result.stateBefore),
        formatMs(result.frame.p50),
        formatMs(result.frame.p99),
        ratio(result.frame.p50, before.frame.p50),
      ])
    }
  }
  printTable(
    [
      'shapes',
      'dragged',
      'layout',
      'state before',
      'after 10,000 frames',
      'growth',
      'frame p50',
      'frame p99',
      'p50 vs layout 1',
    ],
    rows,
  )
}

/** The full load run (`npm run bench -- load`); the test suite runs 8 s of it. */
const loadOptions: LoadOptions = {
  rooms: 10,
  clientsPerRoom: 10,
  durationMs: 60_000,
  editsPerSecond: 2,
  cursorsPerSecond: 10,
}

async function loadSection() {
  const { rooms, clientsPerRoom, durationMs, editsPerSecond, cursorsPerSecond } = loadOptions
  console.log(
    `## Load: ${rooms * clientsPerRoom} clients in ${rooms} rooms for ${durationMs / 1000} s, each moving a card ${editsPerSecond}×/s and its cursor ${cursorsPerSecond}×/s\n`,
  )
  const ours = await withServer(startOurServer, (server) => measureLoad(server, loadOptions))
  const reference = await withServer(startReferenceServer, (server) =>
    measureLoad(server, loadOptions),
  )
  const row = (name: string, result: LoadResult) => [
    name,
    `${(result.edits / (result.wallMs / 1000)).toFixed(0)}/s`,
    String(result.latency.count),
    formatMs(result.latency.p50),
    formatMs(result.latency.p99),
    formatMs(result.latency.max),
    result.awarenessPerClientPerSecond.toFixed(1),
    `${result.serverCpuPercent.toFixed(0)}%`,
    `${formatBytes(result.serverRssStartBytes)} → ${formatBytes(result.serverRssPeakBytes)}`,
    `${result.clientsCpuPercent.toFixed(0)}%`,
    String(result.divergentClients),
    String(result.closedClients),
  ]
  printTable(
    [
      'server',
      'card moves',
      'deliveries',
      'propagation p50',
      'p99',
      'max',
      'awareness changes / client / s',
      'server CPU (1 core = 100%)',
      'server RSS start → peak',
      'clients CPU',
      'divergent clients',
      'closed clients',
    ],
    [row('ours', ours), row('reference', reference)],
  )
  console.log(
    'Propagation: from the writer’s put to another client of the room seeing the move, all clients in this one process (its CPU is part of every latency). Ours relays awareness at most every 50 ms per room; the reference relays every change, and the stock provider echoes what it receives.\n',
  )
}

function compileSection() {
  console.log('## Compiling a board into ICP documents\n')
  const rows = [100, 1000].map((cards) => {
    const result = measureCompile(cards)
    return [
      String(cards),
      String(result.records),
      formatMs(result.compile.p50),
      formatMs(result.compile.p99),
      formatMs(result.parse.p50),
      ratio(result.compile.p50, result.parse.p50),
    ]
  })
  printTable(
    [
      'cards',
      'records',
      'compile p50',
      'compile p99',
      'JSON.parse p50 (same records)',
      'compile / parse',
    ],
    rows,
  )
  console.log('Target: < 5 ms median for 1,000 cards.\n')
}

function scoringSection() {
  console.log('## Scoring accounts against the ICP\n')
  const result = measureScoring(100_000)
  const perSecond = (ms: number) =>
    `${Math.round(result.accounts / (ms / 1000)).toLocaleString('en-US')}/s`
  printTable(
    ['step (100,000 accounts)', 'p50', 'p99', 'accounts per second', 'vs JSON.parse'],
    [
      [
        `scoreAccounts (${result.rules} rules)`,
        formatMs(result.score.p50),
        formatMs(result.score.p99),
        perSecond(result.score.p50),
        ratio(result.score.p50, result.parse.p50),
      ],
      [
        'JSON.parse of the same rows (reference)',
        formatMs(result.parse.p50),
        formatMs(result.parse.p99),
        perSecond(result.parse.p50),
        '1.00×',
      ],
      [
        `CSV read + typed (${formatBytes(result.csvBytes)})`,
        formatMs(result.importCsv.p50),
        formatMs(result.importCsv.p99),
        perSecond(result.importCsv.p50),
        ratio(result.importCsv.p50, result.parse.p50),
      ],
    ],
  )
  console.log('Target: scoring 100,000 accounts in < 1 s.\n')
}

console.log(`# ICP Workshop benchmarks\n`)
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${formatBytes(os.totalmem())} RAM, Node ${process.version}\n`,
)
async function startupSection() {
  console.log('## Server startup: TypeScript through tsx vs the compiled bundle\n')
  const rows: string[][] = []
  for (const [name, args] of Object.entries(startupVariants)) {
    const { ms, rssBytes } = await measureStartup(args, 7)
    rows.push([name, formatMs(ms), formatBytes(rssBytes)])
  }
  printTable(['server', 'spawn to listening (median of 7)', 'RSS when listening'], rows)
}

async function clusterSection() {
  console.log('## Several nodes: PostgreSQL + Redis\n')
  const services = await startBenchServices()
  try {
    const three = await startBenchNodes(services, 3)
    let fanOut
    try {
      const clients = 50
      const rounds = 100
      const oneNode = await measureClusterFanOut(three.nodes, clients, rounds, false)
      const spread = await measureClusterFanOut(three.nodes, clients, rounds, true)
      fanOut = { oneNode, spread }
    } finally {
      await three.stop()
    }
    console.log('Fan-out of one room (50 clients, one writer), PostgreSQL + Redis:\n')
    const fanOutRow = (name: string, { summary }: { summary: Summary }) => [
      name,
      String(summary.count),
      formatMs(summary.p50),
      formatMs(summary.p99),
    ]
    printTable(
      ['clients', 'samples', 'p50', 'p99'],
      [
        fanOutRow('all on one node', fanOut.oneNode),
        fanOutRow('spread over three nodes', fanOut.spread),
      ],
    )
    console.log(
      `Spread / one node: p50 ${ratio(fanOut.spread.summary.p50, fanOut.oneNode.summary.p50)}, p99 ${ratio(fanOut.spread.summary.p99, fanOut.oneNode.summary.p99)}\n`,
    )

    const workload = { rooms: 48, readersPerRoom: 2, durationMs: 15_000 }
    const runs: ThroughputResult[] = []
    for (const count of [1, 3]) {
      const cluster = await startBenchNodes(services, count)
      try {
        runs.push(await measureThroughput(cluster.nodes, workload))
      } finally {
        await cluster.stop()
      }
    }
    console.log(
      `Throughput: ${workload.rooms} rooms (a writer and ${workload.readersPerRoom} readers each) spread over the nodes, closed loop for ${workload.durationMs / 1000} s:\n`,
    )
    printTable(
      [
        'nodes',
        'round trips',
        'per second',
        'latency p50',
        'p99',
        'CPU per node (1 core = 100%)',
        'node CPU per 1,000 updates',
      ],
      runs.map((run) => [
        String(run.nodes),
        String(run.roundTrips),
        `${run.perSecond.toFixed(0)}/s`,
        formatMs(run.latency.p50),
        formatMs(run.latency.p99),
        run.nodeCpuPercent.map((cpu) => `${cpu.toFixed(0)}%`).join(' / '),
        formatMs(run.cpuMsPerThousand),
      ]),
    )
    console.log(
      `Three nodes / one: ${ratio(runs[1]!.perSecond, runs[0]!.perSecond)} (machine: ${os.cpus().length} cores)\n`,
    )
  } finally {
    await services.stop()
  }
}

// Our server runs compiled, as `npm start` runs it.
await buildServer()
if (wants('startup')) await startupSection()
if (wants('cluster')) await clusterSection()
if (wants('drag')) dragSection()
if (wants('compile')) compileSection()
if (wants('scoring')) scoringSection()
if (wants('sync')) await syncSection()
if (wants('join')) await joinSection()
if (wants('rooms')) await roomsSection()
if (wants('load')) await loadSection()
