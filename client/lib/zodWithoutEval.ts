import { z } from 'zod'

// The server's Content-Security-Policy forbids eval. zod would try `new Function` once to compile
// its parsers (tripping the policy, reported as a violation), so it parses without. Imported first
// by main.tsx: the UI store parses localStorage while its module loads.
z.config({ jitless: true })
