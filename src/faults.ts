/**
 * Named points where a reliability test may kill this process (SIGKILL, like a crash or an OOM
 * kill), chosen by HOTLINE_FAULT. Unset in every real deployment; a no-op then.
 */
export type FaultPoint =
  | "after-commit"
  | "after-dispatch"
  | "mid-send"
  /** An officer's change of a case is committed (with its outbox rows), nothing queued yet. */
  | "case-after-commit"
  /** The case outbox relay queued the first row of a batch of several, none marked relayed. */
  | "relay-mid-batch";

export function faultPoint(name: FaultPoint): void {
  if (process.env.HOTLINE_FAULT === name) process.kill(process.pid, "SIGKILL");
}
