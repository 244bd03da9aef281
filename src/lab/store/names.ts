// The apiserver's random name suffix (generateName, kube-api-access-*, EndpointSlices): five
// characters from an alphabet without vowels, so that no word is spelled by accident.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}
