import { describe, expect, it } from 'vitest';
import { loadStorageConfig, parseStorageConfig } from '../../src/index';
import { thrownBy } from './thrown';

/** Ten anchors, each a list of ten aliases of the one before: 10^10 nodes once expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < 10; level++) lines.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]`);
  return `storage:\n  json:\n    default_provider: local\n${lines.map((line) => `    ${line}`).join('\n')}\n`;
}

describe('hostile YAML', () => {
  it('an alias bomb is INVALID_ARGUMENT naming the alias limit, not a raw ReferenceError', async () => {
    const error = thrownBy(() => parseStorageConfig(aliasBomb()));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/alias/);
    await expect(loadStorageConfig(aliasBomb())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('a few aliases (the usual shared defaults) still load', () => {
    const config = parseStorageConfig('defaults: &d {type: local, base_path: ./data}\nstorage:\n  json:\n    default_provider: local\n    providers:\n      local: *d\n');
    expect(config.json?.providers?.local).toMatchObject({ type: 'local' });
  });

  it.each([
    ['flow sequences', '['.repeat(5000) + ']'.repeat(5000)],
    ['flow mappings', '{a: '.repeat(5000) + '1' + '}'.repeat(5000)],
    ['block mappings', Array.from({ length: 5000 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n') + ' 1'],
  ])('5,000-deep %s are INVALID_ARGUMENT, not a raw RangeError', (_, text) => {
    const error = thrownBy(() => parseStorageConfig(text));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/nest/);
  });

  it('nesting beyond the documented limit of 64 levels is refused, in YAML and in objects', () => {
    const yaml = `storage:\n  json:\n    default_provider: local\n    extra: ${'['.repeat(70)}${']'.repeat(70)}\n`;
    expect(thrownBy(() => parseStorageConfig(yaml)).code).toBe('INVALID_ARGUMENT');
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let depth = 0; depth < 5000; depth++) deep = deep.next = {};
    const error = thrownBy(() => parseStorageConfig({ json: { default_provider: 'local', extra: root } }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/64/);
  });
});
