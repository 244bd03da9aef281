// What the demo shows, step by step (scripts/demo/story.mjs plays it). Each step waits for the
// app to show its result, then holds long enough to read. About 35 s in all.
import { execFileSync } from 'node:child_process';

export async function story({ keys, type, waitFor, sleep, fault }) {
  await sleep(1200);
  // Mark client-pod as the source and practice-pod as the target, through the filter.
  keys('/');
  await sleep(250);
  type('client');
  await sleep(500);
  keys('Enter');
  keys('s');
  await waitFor('the source mark', /S\s+client-pod/);
  keys('Escape');
  await sleep(500);
  keys('/');
  await sleep(250);
  type('practice');
  await sleep(500);
  keys('Enter');
  keys('t');
  await waitFor('the target mark', /T\s+practice-pod/);
  keys('Escape');
  await sleep(800);

  // A live ping: one line a reply, the sparkline and the figures move.
  keys('p');
  await waitFor('ping replies', /seq=4 ttl=/);
  await sleep(1500);
  // Half of practice-pod's inbound packets dropped (the lab's iptables statistic match)...
  fault('loss', 'practice-pod', '50');
  await waitFor('lost replies', /lost/, 20_000);
  await sleep(4500);
  // ... and healed.
  fault('heal', 'practice-pod');
  await sleep(4000);
  keys('x');
  await sleep(600);

  // HTTP: status, size and the page's title.
  keys('h');
  await waitFor('the HTTP result', /Welcome to nginx!/);
  await sleep(2500);

  // A forward on 127.0.0.1 in one key, then curl through it: the byte counters move.
  keys('f');
  const screen = await waitFor('the forward', /127\.0\.0\.1:\d+ -> pod\/practice-pod:80[\s\S]*active/, 20_000);
  const port = /127\.0\.0\.1:(\d+) -> pod\/practice-pod:80/.exec(screen)[1];
  await sleep(1200);
  for (let i = 0; i < 4; i++) {
    execFileSync('curl', ['-s', '-o', '/dev/null', '--max-time', '5', `http://127.0.0.1:${port}/`]);
    await sleep(700);
  }
  await waitFor('bytes through the forward', /in [1-9][\d.]* (KB|B)/);
  await sleep(1500);
  // Again: the forward stops and the port is free.
  keys('f');
  await waitFor('the forward gone', /FORWARDS 0/);
  await sleep(1500);
  keys('q');
  await waitFor('the lab removed', /the lab is removed/, 30_000);
  await sleep(1500);
}
