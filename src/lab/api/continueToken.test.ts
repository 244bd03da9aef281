// Continue tokens against the real apiserver's captures (../shared/k8s-reference): tokens must
// round-trip with the captured ones, and every rejection must read as the server's 400.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from './negotiate.js';
import { decodeContinue, encodeContinue } from './continueToken.js';
import { ApiError } from './status.js';

const REPO_ROOT = resolve(__dirname, '../../..');
const REF = resolve(REPO_ROOT, '../shared/k8s-reference');
const read = (name: string) => readFileSync(join(REF, name), 'utf8');

describe('continue tokens', () => {
  it.each([
    ['list/pods-all-namespaces-limit2-page1.json', { rv: 221, start: 'podnet-demo/pending-1\u0000' }],
    ['list/nodes-limit1-page1.json', { rv: 221, start: 'node-a\u0000' }],
  ])('%s', (capture, token) => {
    const metadata = (JSON.parse(read(capture)) as { metadata: { continue: string } }).metadata;
    expect(encodeContinue(token)).toBe(metadata.continue);
    expect(decodeContinue(metadata.continue)).toEqual(token);
  });

  it('garbage earns the captured 400 (errors/400-garbage-continue-token)', () => {
    let err: unknown;
    try { decodeContinue('not-a-token'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ApiError);
    expect(toJson((err as ApiError).result.body, false)).toBe(read('errors/400-garbage-continue-token.json'));
  });

  const b64 = (json: string) => Buffer.from(json, 'latin1').toString('base64url');
  const cases: Array<[token: string, why: string]> = [
    ['', 'unexpected end of JSON input'],
    ['e', 'illegal base64 data at input byte 0'],
    ['eyJ2Ij=', 'illegal base64 data at input byte 6'],
    ['eyJ2+', 'illegal base64 data at input byte 4'],
    ['eyJ2é', 'illegal base64 data at input byte 4'],
    [b64('{"v":"meta.k8s.io/v1","rv":221}'), 'encoded start key empty (version meta.k8s.io/v1)'],
    [b64('{"v":"meta.k8s.io/v1","rv":0,"start":"a"}'), 'incorrect encoded start resourceVersion (version meta.k8s.io/v1)'],
    [b64('{"v":"v1alpha1","rv":1,"start":"a"}'), 'server does not recognize this encoded version "v1alpha1"'],
    [b64('null'), 'server does not recognize this encoded version ""'],
    [b64('{"v":"meta.k8s.io/v1","rv":5,"start":"a/../../b"}'), 'a/../../b'],
    [b64('{"v":"meta.k8s.io/v1","rv":5,"start":"a//b"}'), 'a//b'],
    [b64('{"rv":"5"}'), 'json: cannot unmarshal string into Go struct field continueToken.rv of type int64'],
    [b64('{"rv":1.5}'), 'json: cannot unmarshal number 1.5 into Go struct field continueToken.rv of type int64'],
    [b64('{"rv":9223372036854775808}'), 'json: cannot unmarshal number 9223372036854775808 into Go struct field continueToken.rv of type int64'],
    [b64('{"v":1,"start":true}'), 'json: cannot unmarshal number into Go struct field continueToken.v of type string'],
    [b64('{"start":{}}'), 'json: cannot unmarshal object into Go struct field continueToken.start of type string'],
    [b64('[]'), 'json: cannot unmarshal array into Go value of type etcd3.continueToken'],
    [b64('"x"'), 'json: cannot unmarshal string into Go value of type etcd3.continueToken'],
    [b64('{"a":1,}'), "invalid character '}' looking for beginning of object key string"],
    [b64('{"a" 1}'), "invalid character '1' after object key"],
    [b64('{"a":1 "b":2}'), `invalid character '"' after object key:value pair`],
    [b64('[1 2]'), "invalid character '2' after array element"],
    [b64('{"a":tru}'), "invalid character '}' in literal true (expecting 'e')"],
    [b64('nul'), 'unexpected end of JSON input'],
    [b64('{"a":-x}'), "invalid character 'x' in numeric literal"],
    [b64('{"a":1.}'), "invalid character '}' after decimal point in numeric literal"],
    [b64('{"a":1e+}'), "invalid character '}' in exponent of numeric literal"],
    [b64('{"a":01}'), "invalid character '1' after object key:value pair"],
    [b64('{"a":"\\q"}'), "invalid character 'q' in string escape code"],
    [b64('{"a":"\\u12x4"}'), "invalid character 'x' in \\u hexadecimal character escape"],
    [b64('{"a":"\u0001"}'), "invalid character '\\x01' in string literal"],
    [b64('{} x'), "invalid character 'x' after top-level value"],
    [b64("'x'"), "invalid character '\\'' looking for beginning of value"],
    [b64('\u00e9'), "invalid character 'é' looking for beginning of value"],
    [b64('{"a":'), 'unexpected end of JSON input'],
  ];
  it.each(cases)('%j is rejected: %s', (token, why) => {
    let err: unknown;
    try { decodeContinue(token); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).result.body.message).toBe(`invalid continue token: continue key is not valid: ${why}`);
  });

  it('decodes keys case-insensitively, last one winning, ignoring unknown fields and nulls', () => {
    expect(decodeContinue(b64('{"V":"meta.k8s.io/v1","rv":1,"RV":7,"Start":"a","x":[1,{"y":null}],"start":null}'))).toEqual({ rv: 7, start: 'a' });
    expect(decodeContinue(b64(' {"v":"meta.k8s.io/v1","rv":-3,"start":"/a\\u0000"} \n'))).toEqual({ rv: -3, start: '/a\u0000' });
  });
});
