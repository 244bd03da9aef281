// What the probe console's commands do, as actions (owned by the probe console).
import type { Handler } from './commands.js';
import type { ProbeCommand } from './probeKeys.js';

export const probeHandlers: Record<ProbeCommand, Handler> = {};
