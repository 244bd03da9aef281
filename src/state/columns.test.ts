import { describe, expect, it } from 'vitest';
import { fitColumns, type Column } from './columns.js';

const cols: Column[] = [
  { key: 'name', title: 'NAME', min: 6, max: 40, flex: true },
  { key: 'status', title: 'STATUS', min: 6, max: 20 },
  { key: 'ip', title: 'IP', min: 7, max: 40 },
  { key: 'age', title: 'AGE', min: 3, max: 7, drop: 1, optional: true },
  { key: 'node', title: 'NODE', min: 4, max: 20, drop: 2 },
];
const rows = [['practice-pod', 'Running', '10.244.0.4', '5m', 'lab-node-1']];
const shape = (w: number) => fitColumns(cols, rows, w).map((c) => `${c.key}:${c.width}`).join(' ');

describe('fitColumns', () => {
  it('gives each column the width of its widest cell or title when there is room', () => {
    expect(shape(80)).toBe('name:12 status:7 ip:10 age:3 node:10');
  });

  it('drops optional columns before it cuts the names', () => {
    expect(shape(46)).toBe('name:12 status:7 ip:10 age:3 node:10');
    expect(shape(45)).toBe('name:12 status:7 ip:10 node:10');
  });

  it('then cuts the flexible column down to its minimum before dropping essential columns', () => {
    expect(shape(40)).toBe('name:10 status:7 ip:10 node:10');
    expect(shape(36)).toBe('name:6 status:7 ip:10 node:10');
  });

  it('drops essential columns only when even the minimum name does not fit', () => {
    expect(shape(30)).toBe('name:11 status:7 ip:10');
  });
});
