import { describe, expect, it } from 'vitest';
import {
  DATA_SOURCE_FORMS,
  type DataSource,
  dataSourceName,
  formatDataSource,
  parseDataSource,
} from './data-source.js';
import { thrownBy } from './test-utils/dataset-errors.js';

describe('parseDataSource', () => {
  it.each<[string, DataSource]>([
    ['mnist', { kind: 'mnist' }],
    ['fashion-mnist', { kind: 'fashion-mnist' }],
    ['fashion-mnist:', { kind: 'fashion-mnist' }],
    ['fashion-mnist:data/fashion', { kind: 'fashion-mnist', dir: 'data/fashion' }],
    ['shapes', { kind: 'shapes' }],
    ['shapes:8', { kind: 'shapes', size: 8 }],
    ['shapes:64', { kind: 'shapes', size: 64 }],
    ['csv:readings.csv', { kind: 'csv', path: 'readings.csv' }],
    ['images:/srv/pets', { kind: 'images', dir: '/srv/pets' }],
    // The kind ends at the first colon: a URL keeps its own.
    ['idx:https://host:8080/emnist', { kind: 'idx', source: 'https://host:8080/emnist' }],
    ['idx:C:/data', { kind: 'idx', source: 'C:/data' }],
  ])('reads %s', (text, spec) => {
    expect(parseDataSource(text)).toEqual(spec);
  });

  it.each<[string, RegExp]>([
    ['cifar', /^Expected one of mnist \| fashion-mnist\[:<dir>\] .* \(got 'cifar'\)\.$/],
    ['', /^Expected one of .* \(got ''\)\.$/],
    ['mnist:x', /^'mnist' takes no argument \(got 'mnist:x'\)\.$/],
    ['csv:', /^'csv' needs <file>, e\.g\. csv:<file> \(got 'csv:'\)\.$/],
    ['csv', /^'csv' needs <file>/],
    ['images:', /^'images' needs <dir>/],
    ['idx', /^'idx' needs <dir-or-url>/],
    ['shapes:7', /^shapes:<size> needs an image size ≥ 8, got '7'\.$/],
    ['shapes:32.5', /got '32\.5'/],
    ['shapes:-16', /got '-16'/],
    ['shapes:', /got ''/],
  ])('refuses %j with DATASET_BAD_SOURCE naming the text', (text, message) => {
    const e = thrownBy(() => parseDataSource(text));
    expect(e.code).toBe('DATASET_BAD_SOURCE');
    expect(e.message).toMatch(message);
  });

  it('lists every kind in the accepted forms', () => {
    for (const kind of ['mnist', 'fashion-mnist', 'shapes', 'csv', 'images', 'idx']) {
      expect(DATA_SOURCE_FORMS).toContain(kind);
    }
  });
});

describe('formatDataSource and dataSourceName', () => {
  const texts = [
    'mnist',
    'fashion-mnist',
    'fashion-mnist:/data/fashion',
    'shapes',
    'shapes:48',
    'csv:rel/readings.csv',
    'images:pets',
    'idx:https://host/emnist',
  ];

  it('formatDataSource is the text parseDataSource reads back as the same source', () => {
    for (const text of texts) {
      expect(formatDataSource(parseDataSource(text))).toBe(text);
      const spec = parseDataSource(text);
      expect(parseDataSource(formatDataSource(spec))).toEqual(spec);
    }
  });

  it('dataSourceName leaves out only the folder of fashion-mnist', () => {
    expect(texts.map((t) => dataSourceName(parseDataSource(t)))).toEqual([
      'mnist',
      'fashion-mnist',
      'fashion-mnist',
      'shapes',
      'shapes:48',
      'csv:rel/readings.csv',
      'images:pets',
      'idx:https://host/emnist',
    ]);
  });
});
