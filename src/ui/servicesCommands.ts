// What the services & forwards pane's commands do, as actions (owned by the services pane).
import type { Handler } from './commands.js';
import type { ServicesCommand } from './servicesKeys.js';

export const servicesHandlers: Record<ServicesCommand, Handler> = {};
