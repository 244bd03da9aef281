// Selectors are plain functions of state; the few that walk every pod remember their last answer
// by the identity of their inputs, so a frame that changes nothing costs nothing.

export function memoize<A extends readonly unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | undefined;
  return (...args: A) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => Object.is(a, args[i]))) return last.result;
    const result = f(...args);
    last = { args, result };
    return result;
  };
}
