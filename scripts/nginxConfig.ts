/**
 * The nginx configuration in front of several nodes: `renderNginxSite` is the part a system's
 * nginx includes (shipped as deploy/nginx/icp-workshop.conf, rendered with the defaults below;
 * tests/cluster/nginxConfig.test.ts keeps the two equal), `renderNginxConfig` wraps it into a
 * complete configuration for a private nginx run by scripts/localServices.ts.
 *
 * Any node serves any room (Redis relays between them), so the proxy needs no affinity:
 * `least_conn` spreads the long-lived WebSockets evenly, and a node that refuses connections
 * (stopped, draining or killed) is skipped for `fail_timeout` while its clients reconnect to the
 * others. `/metrics` is not proxied: Prometheus scrapes every node on its own address.
 */

/** Where the nodes listen and the proxy listens. */
export interface NginxSiteOptions {
  /** Port nginx listens on. */
  port: number
  /** The nodes, as `host:port`. */
  nodes: readonly string[]
}

/** The defaults of the shipped deploy/nginx/icp-workshop.conf. */
export const defaultNginxSite: NginxSiteOptions = {
  port: 8080,
  nodes: ['127.0.0.1:3001', '127.0.0.1:3002', '127.0.0.1:3003'],
}

/** The `upstream`, `map` and `server` blocks (http context). */
export function renderNginxSite({ port, nodes }: NginxSiteOptions): string {
  const servers = nodes.map((node) => `    server ${node} max_fails=1 fail_timeout=5s;`).join('\n')
  return `# ICP Workshop: HTTP and WebSockets spread over several nodes (see README, "Running several nodes").
upstream icp_workshop {
    least_conn;
${servers}
    keepalive 32;
}

# WebSocket upgrades pass through; plain requests keep the upstream connection alive.
map $http_upgrade $icp_connection {
    default upgrade;
    ''      '';
}

server {
    listen ${port};
    # Customer data imports: a 10 MB CSV inside a JSON body.
    client_max_body_size 16m;

    location = /metrics {
        return 404;
    }

    location /sync/ {
        proxy_pass http://icp_workshop;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $icp_connection;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_connect_timeout 2s;
        # The server pings every 15 s; an idle board stays connected.
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
        proxy_buffering off;
    }

    location / {
        proxy_pass http://icp_workshop;
        proxy_http_version 1.1;
        proxy_set_header Connection $icp_connection;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_connect_timeout 2s;
        proxy_next_upstream error timeout http_502;
    }
}
`
}

/**
 * A complete configuration for a private, foreground nginx keeping its files in `runDir`. `user`
 * runs its workers as that user (needed when started as root: the default, nobody, cannot write
 * a private temporary directory).
 */
export function renderNginxConfig(
  options: NginxSiteOptions & { runDir: string; user?: string },
): string {
  const { runDir, user } = options
  const site = renderNginxSite(options)
    .split('\n')
    .map((line) => (line === '' ? line : `    ${line}`))
    .join('\n')
  return `${user ? `user ${user};\n` : ''}worker_processes 1;
pid ${runDir}/nginx.pid;
error_log ${runDir}/error.log warn;

events {
    worker_connections 4096;
}

http {
    access_log off;
    client_body_temp_path ${runDir}/client_body;
    proxy_temp_path ${runDir}/proxy;
    fastcgi_temp_path ${runDir}/fastcgi;
    uwsgi_temp_path ${runDir}/uwsgi;
    scgi_temp_path ${runDir}/scgi;

${site}}
`
}
