// What the services & forwards pane's effects and keys report (owned by the services pane).
export type ServicesAction = never;
