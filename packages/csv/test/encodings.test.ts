import { createMemoryStore } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createCsvStorage } from '../src/index';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

async function setup(options: Parameters<typeof createCsvStorage>[1] = {}) {
  const store = createMemoryStore();
  const csv = createCsvStorage({ store }, options);
  return { store, csv, bytes: async (key: string) => Buffer.from((await store.get(key)).body) };
}

describe('encodings', () => {
  it('a Latin-1 file read as UTF-8 is CORRUPT_DATA, and no write rewrites it', async () => {
    const { store, csv, bytes } = await setup();
    const original = latin1('id,name\n1,José\n2,Zoë\n');
    await store.put('people.csv', original);
    await expect(csv.read('people')).rejects.toMatchObject({ code: 'CORRUPT_DATA', message: expect.stringMatching(/UTF-8.*encoding/s) });
    await expect(csv.read('people', 1)).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
    await expect(csv.write('people', { name: 'Ann' }, 1, { mode: 'update' })).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
    await expect(csv.write('people', [{ id: 3, name: 'Bo' }], undefined, { mode: 'append' })).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
    await expect(csv.delete('people', 2)).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
    expect(await bytes('people.csv')).toEqual(original);
  });

  it('a real U+FFFD in a UTF-8 file is data, not damage', async () => {
    const { store, csv } = await setup();
    await store.put('odd.csv', 'id,v\n1,a\uFFFDb\n');
    expect(await csv.read('odd', 1)).toEqual({ id: 1, v: 'a\uFFFDb' });
  });

  it('encoding "utf-8" as the guide spells it reads UTF-8 and stays strict', async () => {
    const { store, csv } = await setup({ encoding: 'utf-8' });
    await store.put('u.csv', 'id,name\n1,José\n');
    expect(await csv.read('u', 1)).toEqual({ id: 1, name: 'José' });
    await store.put('bad.csv', latin1('id,name\n1,José\n'));
    await expect(csv.read('bad')).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
  });

  it('latin1 reads every byte and writes back in latin1, other rows byte for byte', async () => {
    const { store, csv, bytes } = await setup({ encoding: 'latin1' });
    await store.put('p.csv', latin1('id,name\n1,José\n2,Zoë\n'));
    await csv.write('p', { name: 'Çà' }, 2, { mode: 'update' });
    await csv.write('p', [{ id: 3, name: 'Ñ' }], undefined, { mode: 'append' });
    expect(await bytes('p.csv')).toEqual(latin1('id,name\n1,José\n2,Çà\n3,Ñ\n'));
  });

  it('windows-1252 reads and writes its 0x80-0x9F characters (€, „, Ÿ)', async () => {
    const { store, csv, bytes } = await setup({ encoding: 'windows-1252' });
    await store.put('w.csv', Buffer.from([...Buffer.from('id,price\n1,5'), 0x80, 0x0a]));
    expect(await csv.read('w', 1)).toEqual({ id: 1, price: '5€' });
    await csv.write('w', { price: '„Ÿ' }, 1, { mode: 'update' });
    expect([...(await bytes('w.csv'))]).toEqual([...Buffer.from('id,price\n1,'), 0x84, 0x9f, 0x0a]);
  });

  it('a character the encoding cannot hold is INVALID_ARGUMENT, nothing written', async () => {
    const { store, csv, bytes } = await setup({ encoding: 'latin1' });
    await store.put('p.csv', latin1('id,name\n1,José\n'));
    await expect(csv.write('p', { name: '5€' }, 1, { mode: 'update' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/latin1/) });
    await expect(csv.write('p', [{ id: 2, name: '日本' }], undefined, { mode: 'append' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await bytes('p.csv')).toEqual(latin1('id,name\n1,José\n'));
    const ascii = createCsvStorage({ store }, { encoding: 'ascii' });
    await expect(ascii.write('a', [{ id: 1, name: 'é' }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('utf-16le with a BOM reads and writes back with its BOM', async () => {
    const { store, csv, bytes } = await setup({ encoding: 'utf-16le' });
    await store.put('w.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,city\r\n1,Zürich\r\n', 'utf16le')]));
    expect(await csv.read('w', 1)).toEqual({ id: 1, city: 'Zürich' });
    await csv.write('w', { city: 'Köln' }, 1, { mode: 'update' });
    expect(await bytes('w.csv')).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,city\r\n1,Köln\r\n', 'utf16le')]));
  });
});

describe('escapeFormulae', () => {
  const risky = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\ry'];

  it('is off by default: cells are written as given', async () => {
    const { csv, bytes } = await setup();
    await csv.write('f', [{ id: 1, v: '=1+1' }]);
    expect((await bytes('f.csv')).toString()).toBe('id,v\n1,=1+1\n');
  });

  it('prefixes text cells starting with = + - @ tab or CR with a quote, on every write path', async () => {
    const { csv, bytes } = await setup({ escapeFormulae: true });
    await csv.write('f', [{ id: 1, v: risky[0], n: -5 }]);
    await csv.write('f', risky.slice(1).map((v, i) => ({ id: i + 2, v, n: 1 })), undefined, { mode: 'append' });
    await csv.write('f', { v: '@x' }, 1, { mode: 'update' });
    expect((await bytes('f.csv')).toString()).toBe("id,v,n\n1,'@x,-5\n2,'+SUM(A1),1\n3,'-2+3,1\n4,'@cmd,1\n5,'\tx,1\n6,\"'\ry\",1\n");
    expect(await csv.read('f', 3)).toEqual({ id: 3, v: "'-2+3", n: 1 });
  });

  it('must be a boolean', () => {
    expect(() => createCsvStorage({ store: createMemoryStore() }, { escapeFormulae: 'yes' as never })).toThrow(/escapeFormulae/);
  });
});
