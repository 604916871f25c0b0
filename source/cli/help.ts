// The help text: printed by --help, and turned into the man page at build time (scripts/man-page.mjs).
// The first line is the package's description, as meow printed it before.

export const helpText = `
  A keyboard-driven terminal ops console: live panes and guided runbook procedures over SSH, PostgreSQL and HTTP.

  Usage
    $ pg-ops [--env NAME] [--config FILE] [--read-only]   open the console
    $ pg-ops --demo [--read-only]                         the console on a fresh demo environment, removed on exit
    $ pg-ops status [--env NAME] [--config FILE] [--json] every pane's data once, then exit:
                                                          0 healthy, 2 unhealthy, 1 error (couldn't tell)
    $ pg-ops run PROCEDURE [--env NAME] [--service S] [--host NAME] [--backup FILE]
                 [--secret KEY] [--yes] [--dry-run] [--json] [--break-lock]
                                                          run a procedure without the console: shows the
                                                          plan, asks (or --yes), runs, verifies, undoes on
                                                          failure; exit 0 done, 1 failed and undone or
                                                          nothing done, 3 failed and not fully undone.
                                                          Ctrl-C, SIGTERM or a closed terminal stop it
                                                          at the next safe point (undone, lock released);
                                                          a second Ctrl-C says what stopping now leaves.
                                                          Procedures: restart, reset-stuck-jobs,
                                                          restore-backup, rotate-token, switch-slot,
                                                          backup
    $ pg-ops run ACTION [--env NAME] [--input KEY=VALUE]... [--host NAME] [--yes] [--dry-run] [--json]
                                                          a team's own procedure (actions: in pg-ops.yaml),
                                                          through the same plan, confirmation, lock, audit
                                                          and undo; its secrets are read on standard input
    $ pg-ops audit [--env NAME] [--json] [--last N] [--since 2h|DATE] [--procedure NAME]
                 [--correlation ID] [--reverse]           the local audit log of every procedure,
                                                          oldest first (--reverse: newest first)
    $ pg-ops incident open --severity P1..P4 --title TEXT [--env NAME]
    $ pg-ops incident status [--json] | note TEXT | tick STEP | untick STEP
    $ pg-ops incident message TEXT | snapshot | close --summary TEXT [--left-open TEXT]...
                                                          an incident without the console: the same
                                                          record, timeline and review (docs/INCIDENTS.md);
                                                          steps: assess, communicate, mitigate,
                                                          investigate, resolve, document
    $ pg-ops maintenance start --title TEXT [--env NAME]
    $ pg-ops maintenance status [--json] | run STEP [--yes] | skip STEP --reason TEXT
    $ pg-ops maintenance note TEXT | done ITEM | execute-done
                                                          a maintenance window without the console: the
                                                          same record and summary (docs/MAINTENANCE.md);
                                                          steps: announce, backup, execute, test,
                                                          verify, close; run exits 0 when the step is done
    $ pg-ops runbook FILE.md [--env NAME] [--list [--json]] [--dry-run] [--read-only]
                                                          a team's Markdown runbook as a checklist: its
                                                          shell and SQL steps run on the environment with
                                                          a procedure's plan, confirmation and audit;
                                                          --list prints its steps (no config needed),
                                                          --dry-run prints each step's plan, running nothing
    $ pg-ops init [--config FILE]                         write a commented example pg-ops.yaml (never overwrites)
    $ pg-ops demo start --dir DIR                         start the demo environment in the background;
                                                          writes DIR/pg-ops.yaml and DIR/demo.json
    $ pg-ops demo stop --dir DIR                          stop it; nothing of it keeps running
    $ pg-ops examples                                     where the shipped example configs and runbooks are
    $ pg-ops completion bash|zsh|fish                     a shell completion script: commands, flags,
                                                          environments, procedures and actions; e.g.
                                                          source <(pg-ops completion bash)

  Options
    --config FILE   configuration file; default ./pg-ops.yaml, then ~/.config/pg-ops/pg-ops.yaml
    --env NAME      environment to open; with several and no --env the console asks
                    (and remembers the last choice)
    --read-only     see everything, change nothing; can't be switched off inside the session
    --json          status: print JSON (status, env, slot, panes.{services,jobs,disk,etl,slo,checks,alerts})
    --dir DIR       demo start/stop: the directory the demo environment lives in
    --service S     run restart: the service to restart (needed when there are several: the
                    error lists them and which are failed)
    --host NAME     run, on an environment of several hosts: the host to act on. restart
                    without it restarts every host, one at a time, each verified before the
                    next, stopping at the first failure; restore-backup, rotate-token,
                    switch-slot and backup need it there
    --backup FILE   run restore-backup: the backup to restore (default: the newest)
    --secret KEY    run rotate-token: the key to rotate (default: the first in secrets)
    --input K=V     run ACTION: one of the action's inputs (repeatable); checked before the
                    plan is shown. A secret input is never given here: it is read on standard
                    input (typed unseen on a terminal, else one line each from a pipe)
    --yes           run: confirm without asking (required without a terminal)
    --dry-run       run: show the plan and stop, changing nothing (reset-stuck-jobs previews with a
                    SELECT; without --dry-run its plan tries the UPDATE in a rolled-back transaction,
                    which takes row locks and fires triggers); runbook: every step's plan, nothing run
    --list          runbook: print the sections and steps, connecting nowhere (--json: as JSON)
    --severity P2   incident open: P1 (critical) to P4 (low)
    --title TEXT    incident open: what is wrong, in a few words; maintenance start: what the window is for
    --summary TEXT  incident close: what happened and what fixed it
    --reason TEXT   maintenance skip: why the step is skipped (kept in the summary)
    --left-open TEXT
                    incident close: something still to do (repeatable)
    --last N        audit: only the newest N matching records
    --since WHEN    audit: only records since a time back from now (30m, 2h, 1d) or a date
                    (2026-03-01, 2026-03-01T12:00Z)
    --procedure P   audit: only that procedure's records (restart, maintenance, ...)
    --correlation ID
                    audit: only one run's records (its id, or the 8 characters shown)
    --reverse       audit: newest first
    --break-lock    run: break another operator's lock if it is stale (older than
                    staleLockMinutes, dated in the future, or unreadable); a fresh lock is never broken
    --trust-host-key SHA256:...
                    trust an SSH host pg-ops doesn't know yet, if it offers exactly this
                    key fingerprint (added to pg-ops' own known-hosts file); a changed or
                    revoked key is never accepted
    --demo          start a throwaway demo environment and open the console on it
    --version       print the version
    --help, -h      print this help

  In the console, ? lists every key. Without a terminal (piped output), pg-ops prints the
  status snapshot instead of opening the console.

  Examples
    $ pg-ops --demo
    $ pg-ops status --env prod --json
`;
