// What the demo shows, step by step (scripts/demo/story.mjs plays it). Each step waits for the
// app to show its result, then holds long enough to read.
export async function story({ keys, type, waitFor, sleep, fault }) {
  // Mark client-pod as the source and practice-pod as the target, through the filter.
  keys('/');
  await sleep(300);
  type('client');
  await sleep(500);
  keys('Enter');
  keys('s');
  await waitFor('the source mark', /S\s+client-pod/);
  keys('Escape');
  await sleep(600);
  keys('/');
  type('practice');
  await sleep(500);
  keys('Enter');
  keys('t');
  await waitFor('the target mark', /T\s+practice-pod/);
  keys('Escape');
  await sleep(1500);
  keys('q');
  await sleep(1000);
}
