// A runbook written the way teams write them, for running on the demo and the lab: numbered
// steps with blocks inside list items, a table, comments and line continuations in blocks, several
// blocks in one section, and blocks that are not commands. The service's address and the ops
// token are asked for ($APP_URL, $OPS_VERIFY_TOKEN), since they differ per environment.
export const opsRunbook = `# App VM on-call runbook

Everything here runs on the VM unless it says otherwise.

## 1. Is the web service up?

1. Check the unit:

   \`\`\`bash
   # --no-pager: the output goes to a file, not a terminal
   systemctl status app-web --no-pager
   \`\`\`

2. A healthy unit shows:

   \`\`\`
   Active: active (running)
   \`\`\`

## 2. Stuck ETL jobs

| status | meaning |
|---|---|
| processing | a worker has it |
| failed | gave up |

Jobs processing for more than a few hours are stuck:

\`\`\`sql
SELECT id, kind, status, created_at
  FROM jobs
 WHERE status = 'processing'
   AND created_at < now() - interval '<hours> hours'
 ORDER BY id;
\`\`\`

## 3. Verify the ops token

The service answers 200 when the token in its env file is the one you have.

\`\`\`bash
curl -sS --fail -o /dev/null -w '%{http_code}\\n' \\
  -H "x-ops-token: $OPS_VERIFY_TOKEN" \\
  "$APP_URL/ops/verify"
\`\`\`

It answers:

\`\`\`json
{"ok": true, "git_sha": "..."}
\`\`\`

## 4. Watch the log

- Follow the web service's journal while you work:

  \`\`\`bash
  journalctl -f -u app-web
  \`\`\`
`;
