import { describe, expect, it } from 'vitest';
import { tabwrite } from './tabwriter.js';

describe('tabwrite (Go text/tabwriter, padding 2)', () => {
  it('aligns a block of label\\tvalue lines to the longest label plus two', () => {
    expect(tabwrite(['Name:\tweb', 'Service Account:\tdefault', 'IP:\t10.0.0.1'])).toEqual([
      'Name:             web',
      'Service Account:  default',
      'IP:               10.0.0.1',
    ]);
  });

  it('a line without a tab ends the block, so the next block aligns on its own', () => {
    expect(tabwrite(['Name:\tweb', 'IPs:', '  IP:\t10.0.0.1'])).toEqual(['Name:  web', 'IPs:', '  IP:  10.0.0.1']);
  });

  it('an empty first cell continues a block (multi-line labels)', () => {
    expect(tabwrite(['Labels:\tapp=web', '\ttier=front', 'Status:\tRunning'])).toEqual([
      'Labels:  app=web',
      '         tier=front',
      'Status:  Running',
    ]);
  });

  it('nested columns: each column is as wide as its widest cell in the block', () => {
    expect(tabwrite(['  Type\tReason\tAge', '  ----\t------\t---', '  Normal\tScheduled\t5s'])).toEqual([
      '  Type    Reason     Age',
      '  ----    ------     ---',
      '  Normal  Scheduled  5s',
    ]);
  });

  it('keeps trailing spaces that are part of a cell (kubectl\'s Conditions rows)', () => {
    expect(tabwrite(['  Type\tStatus', '  Ready \tTrue ', '  ContainersReady \tTrue '])).toEqual([
      '  Type              Status',
      '  Ready             True ',
      '  ContainersReady   True ',
    ]);
  });
});
