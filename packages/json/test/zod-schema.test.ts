import { createMemoryStore } from '@agentmap/storage-core';
import { createJsonStorage } from '@agentmap/storage-json';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const User = z.object({
  name: z.string().min(1),
  email: z.email(),
  age: z.number().int().nonnegative().optional(),
  address: z.object({ city: z.string() }).optional(),
});

describe('zod schemas', () => {
  it('validates documents on write with an error naming the failing field', async () => {
    const store = createMemoryStore();
    const json = createJsonStorage({ store }, { schemas: { users: User } });
    expect((await json.write('users', { name: 'Ann', email: 'ann@example.com' }, 'u1')).success).toBe(true);

    await expect(json.write('users', { name: 'Bob', email: 'not-an-email' }, 'u2')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/Document "u2" of "users" does not match its schema: email: /),
    });
    await expect(json.write('users', 5, 'u1', { mode: 'update', path: 'address.city' })).rejects.toMatchObject({
      message: expect.stringMatching(/address\.city: /),
      details: { issues: [{ path: ['address', 'city'] }] },
    });
    expect(await json.read('users', 'u1')).toEqual({ name: 'Ann', email: 'ann@example.com' });
    expect(await json.exists('users', 'u2')).toBe(false);
  });

  it('types a collection handle from the document type', async () => {
    const json = createJsonStorage({ store: createMemoryStore() }, { schemas: { users: User } });
    const users = json.collection<z.infer<typeof User>>('users');
    await users.write({ name: 'Cy', email: 'cy@example.com', age: 3 }, 'u3');
    const user = await users.read('u3');
    expect(user?.age).toBe(3);
  });
});
