// Filing a finished report as a case: owned by the case-wiring work (see src/queues/workers.ts).
export {};
