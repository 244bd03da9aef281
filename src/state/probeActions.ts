// What the probe console's effects and keys report (owned by the probe console).
export type ProbeAction = never;
