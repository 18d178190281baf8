/**
 * Where a board's webhook may post (server-side request forgery). The URL is typed by a
 * facilitator, so without a rule the server could be made to post into its own network: the
 * cloud metadata service, an admin port on localhost, a database on the LAN.
 *
 * - http or https only, no user name or password in the URL, at most 2,048 characters;
 * - `WEBHOOK_ALLOWED_HOSTS` unset (the default): any host whose addresses are all public;
 *   loopback, private, link-local (169.254.x.x: metadata), carrier-grade NAT, multicast and
 *   unspecified addresses are refused, IPv4 and IPv6 (and IPv4-mapped IPv6) alike;
 * - `WEBHOOK_ALLOWED_HOSTS=hooks.slack.com,*.webhook.office.com,10.0.0.5`: only those hosts
 *   (exact, or any subdomain for `*.`), and a host listed there may resolve to a private address
 *   (a receiver inside your network, or a test's local receiver).
 *
 * The address check runs twice: when the URL is saved (to answer with a clear error), and as the
 * `lookup` of every delivery's connection, so a name that resolves differently later (DNS
 * rebinding) is refused at connect time. Redirects are never followed.
 */
import dns from 'node:dns'
import net from 'node:net'

/** The policy: an allow-list of host patterns, or null for "any public host". */
export interface WebhookPolicy {
  allowedHosts: readonly string[] | null
}

/** Longest accepted webhook URL. */
export const maxWebhookUrlLength = 2048

/** Parses `WEBHOOK_ALLOWED_HOSTS` (comma-separated, case-insensitive); empty or unset is null. */
export function parseAllowedHosts(value: string | undefined): string[] | null {
  const hosts = (value ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean)
  return hosts.length > 0 ? hosts : null
}

/** `hostname` without IPv6 brackets, lower case. */
function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase()
}

/** True when `hostname` matches one of `patterns` (exact, or `*.example.com` for subdomains). */
export function isListedHost(hostname: string, patterns: readonly string[]): boolean {
  const host = bareHost(hostname)
  return patterns.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === bareHost(pattern),
  )
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
}

const blockedIpv4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
]

/** True for addresses a webhook must not reach unless its host is allow-listed. */
export function isNonPublicAddress(address: string): boolean {
  const bare = bareHost(address)
  if (net.isIPv4(bare)) {
    const value = ipv4Number(bare)
    return blockedIpv4.some(([base, bits]) => {
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
      return (value & mask) >>> 0 === (ipv4Number(base) & mask) >>> 0
    })
  }
  if (net.isIPv6(bare)) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1]
    if (mapped) return isNonPublicAddress(mapped)
    if (bare === '::' || bare === '::1') return true
    const first = parseInt(bare.split(':')[0] || '0', 16)
    return (
      (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
      (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
      (first & 0xff00) === 0xff00 // multicast
    )
  }
  return true
}

/** Why `url` may not be used as a webhook (a sentence), or null. Does not resolve names. */
export function webhookUrlProblem(url: string, policy: WebhookPolicy): string | null {
  if (url.length > maxWebhookUrlLength) {
    return `the URL is longer than ${maxWebhookUrlLength} characters`
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'not a URL: paste the whole address, e.g. https://hooks.slack.com/services/…'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `the URL must start with https:// (or http://), not ${parsed.protocol}//`
  }
  if (parsed.username || parsed.password) return 'the URL must not contain a user name or password'
  const host = bareHost(parsed.hostname)
  if (policy.allowedHosts) {
    return isListedHost(host, policy.allowedHosts)
      ? null
      : `${host} is not an allowed webhook host on this server (WEBHOOK_ALLOWED_HOSTS)`
  }
  if (net.isIP(host) && isNonPublicAddress(host)) return privateAddressProblem(host, host)
  if (host === 'localhost' || host.endsWith('.localhost')) return privateAddressProblem(host, host)
  return null
}

function privateAddressProblem(host: string, address: string): string {
  const where = host === address ? host : `${host} (${address})`
  return `${where} is a loopback, private or link-local address; webhooks only post to public hosts unless the server lists the host in WEBHOOK_ALLOWED_HOSTS`
}

/** `webhookUrlProblem`, then the host's addresses resolved and checked (see module comment). */
export async function resolvedWebhookUrlProblem(
  url: string,
  policy: WebhookPolicy,
): Promise<string | null> {
  const problem = webhookUrlProblem(url, policy)
  if (problem) return problem
  const host = bareHost(new URL(url).hostname)
  if (policy.allowedHosts || net.isIP(host)) return null
  let addresses: dns.LookupAddress[]
  try {
    addresses = await dns.promises.lookup(host, { all: true })
  } catch {
    return `${host} cannot be found (DNS)`
  }
  const blocked = addresses.find((entry) => isNonPublicAddress(entry.address))
  return blocked ? privateAddressProblem(host, blocked.address) : null
}

/**
 * A `lookup` for node's http(s).request that refuses non-public addresses for hosts not on the
 * allow-list: the check happens on the address actually connected to.
 */
export function guardedLookup(policy: WebhookPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = addresses as unknown as dns.LookupAddress[]
      const isListed = policy.allowedHosts !== null && isListedHost(hostname, policy.allowedHosts)
      const blocked = isListed ? undefined : list.find((entry) => isNonPublicAddress(entry.address))
      if (blocked || list.length === 0) {
        const refused = new Error(privateAddressProblem(hostname, blocked?.address ?? 'none'))
        return callback(Object.assign(refused, { code: 'EWEBHOOKBLOCKED' }), '', 0)
      }
      if ((options as { all?: boolean }).all) return callback(null, list as never)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}
