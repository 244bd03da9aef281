// The probe console's keys (owned by the probe console); keymap.ts splices them into the one table.
import type { Binding } from './keymap.js';

export type ProbeCommand = never;
export const probeBindings: readonly Binding[] = [];
