// What `pg-ops init` writes: a commented configuration to edit. A test keeps it valid.
export const exampleConfig = `# pg-ops configuration: one entry per environment under "environments".
# The full reference is docs/CONFIG.md; pg-ops validates this file on every start and names the
# line and field of anything it doesn't understand. Secrets never go here: name an environment
# variable (env:) or a local command (command:) that prints them.

environments:
  prod:
    description: production API VM
    protected: true              # destructive actions ask you to type "prod"; its header and borders are red
    # theme: {color: magenta, borders: true}   # its own colour instead (NO_COLOR turns colours off)
    # readOnly: true             # see everything, change nothing
    transport: ssh               # or "local" when pg-ops runs on the host itself
    hosts: [app-1]               # names or ~/.ssh/config aliases; a fleet: ['app-[01-40]', 'web-*']
    ssh:
      user: deploy
      # identityFile: ~/.ssh/id_ed25519
      # knownHostsFile: ~/.config/pg-ops/known_hosts
    refreshSeconds: 5            # how often the panes refresh
    probeTimeoutSeconds: 10      # a probe slower than this shows as an error

    http:
      baseUrl: http://127.0.0.1:8000   # as the host sees it
      via: ssh                         # reach it through the SSH connection ("direct" from the laptop)
      token: {env: OPS_VERIFY_TOKEN, header: x-ops-token}

    services:
      - {name: api, manager: systemd, unit: app-api.service, health: /healthz}
      - {name: worker, manager: systemd, unit: app-worker.service}
      # - {name: scheduler, manager: docker-compose, file: /opt/app/docker-compose.yml, service: scheduler}

    jobs:                              # job freshness: an HTTP endpoint or a SQL table of runs
      source: {http: /ops/model-health}
      staleAfterMinutes: {nightly_import: 1500, hourly_rollup: 120}

    disk:
      mounts: [/, /var]
      largestUnder: [/opt/app/logs]
      warnPercent: 80
      critPercent: 90

    database:                          # as the host sees it; reached through an SSH tunnel
      host: 127.0.0.1
      port: 5432
      name: app
      user: ops
      password: {env: PGOPS_DB_PASSWORD}

    etl:                               # rows stuck in a processing state
      table: jobs
      idColumn: id
      statusColumn: status
      createdColumn: created_at
      stuckStatus: processing
      stuckAfter: 1h
      resetAfter: 2h
      resetTo: failed

    slo:
      source: {http: /api/monitoring/slo}
      availability: {target: 99.5, warn: 99.0, crit: 98.0}
      p95Ms: {target: 500, warn: 800, crit: 1500}
      errorRatePercent: {target: 1, warn: 2, crit: 5}

    slots:                             # blue/green releases behind a "current" symlink
      base: /opt/app
      releases: [blue, green]
      restart: [api]

    backups:
      dir: /opt/app/backups
      pattern: "db_*.sql.gz"
      stop: [api, worker]

    secrets:
      - {key: OPS_VERIFY_TOKEN, envFile: /etc/app/app.env, restart: [api], verify: {http: /ops/verify}}

    # incidents:                       # i: severities P1-P4 (defaults 15m, 1h, 4h, 1d)
    #   severities: {P2: {definition: "A major feature degraded", respondWithin: 30m}}
    # notify:                          # where incident messages and maintenance announcements go
    #   webhook: {url: {env: TEAM_CHAT_WEBHOOK}, format: slack}
    # maintenance:                     # m: the Test step's command, and runbooks for Execute
    #   test: {command: "cd /opt/app && ./scripts/smoke-test.sh", timeoutSeconds: 600}
    #   runbooks: [runbooks/app.md]    # relative to this file
`;
