// The services & forwards pane's keys (owned by the services pane); keymap.ts splices them in.
import type { Binding } from './keymap.js';

export type ServicesCommand = never;
export const servicesBindings: readonly Binding[] = [];
