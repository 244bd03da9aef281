// Errors that reach the user: one readable sentence first, a hint after, and an exit code.

export class UsageError extends Error {
  readonly exitCode = 2;
}

export class PodnetError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function explain(err: unknown): { text: string; exitCode: number } {
  if (err instanceof UsageError) return { text: `podnet: ${err.message}\nRun 'podnet --help' for usage.`, exitCode: 2 };
  if (err instanceof PodnetError) {
    return { text: `podnet: ${err.message}${err.hint ? `\nTry: ${err.hint}` : ''}`, exitCode: err.exitCode };
  }
  const e = err as Error;
  return {
    text: `podnet: this is a bug, please report it: ${e?.message ?? String(err)}\n${e?.stack ?? ''}`,
    exitCode: 2,
  };
}
