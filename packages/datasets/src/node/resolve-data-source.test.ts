import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DataSource, formatDataSource, parseDataSource } from '../data-source.js';
import { resolveDataSource } from './resolve-data-source.js';

describe('resolveDataSource', () => {
  const cwd = process.cwd();

  it.each<[string, string]>([
    ['mnist', 'mnist'],
    ['fashion-mnist', 'fashion-mnist'],
    ['fashion-mnist:fm', `fashion-mnist:${join(cwd, 'fm')}`],
    ['shapes:16', 'shapes:16'],
    ['csv:data/../t.csv', `csv:${join(cwd, 't.csv')}`],
    ['csv:/abs/t.csv', 'csv:/abs/t.csv'],
    ['images:pets', `images:${join(cwd, 'pets')}`],
    ['idx:emnist', `idx:${join(cwd, 'emnist')}`],
    ['idx:https://host/emnist', 'idx:https://host/emnist'],
    ['idx:http://host/e', 'idx:http://host/e'],
  ])('%s → %s', (text, resolved) => {
    const spec = resolveDataSource(parseDataSource(text));
    expect(formatDataSource(spec)).toBe(resolved);
    // Resolving twice changes nothing.
    expect(resolveDataSource(spec)).toEqual(spec);
  });

  it('keeps the field names, so saved sources read the same', () => {
    const spec: DataSource = { kind: 'csv', path: 'x.csv' };
    expect(Object.keys(resolveDataSource(spec))).toEqual(['kind', 'path']);
  });
});
