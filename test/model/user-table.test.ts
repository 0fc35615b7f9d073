// UserTable: one record per user, fields independent of each other, slots reused last in, first out.
import { describe, expect, it } from 'vitest';
import { ENTITY_WORDS } from '../../src/engine/entity-record.js';
import {
  F_LOST,
  F_WANTED,
  U_CONNECTED,
  U_FREE,
  U_WAITING,
  USER_WORDS,
  UserTable,
} from '../../src/model/user-table.js';

const endAt = (users: UserTable, u: number): number => users.times[users.endAtIndex(u)] as number;

describe('UserTable', () => {
  it('keeps every field of a user apart from the others and from other users', () => {
    const users = new UserTable(2);
    const a = users.alloc(7, U_WAITING);
    const b = users.alloc(65535, U_CONNECTED);
    expect([a, b]).toEqual([0, 1]);
    expect([users.pool(a), users.state(a), users.server(a), users.attempt(a), users.outage(a)]).toEqual([
      7,
      U_WAITING,
      -1,
      0,
      -1,
    ]);
    // The engine's words of a new record say 'no pending event' (see Simulator.useEntities).
    expect([users.records[0], users.records[1]]).toEqual([-1, -1]);
    expect(endAt(users, a)).toBeNaN();
    users.times[users.endAtIndex(a)] = 1.5e9 + 0.25;
    users.setServer(a, 3);
    users.setAttempt(a, 2147483647);
    users.setOutage(a, 9);
    users.setState(a, U_CONNECTED);
    expect(users.flag(a, F_LOST)).toBe(true);
    expect(users.flag(a, F_LOST)).toBe(false);
    expect(users.flag(a, F_WANTED)).toBe(true);
    expect([users.pool(a), users.state(a), users.server(a), users.attempt(a), users.outage(a)]).toEqual([
      7,
      U_CONNECTED,
      3,
      2147483647,
      9,
    ]);
    expect(endAt(users, a)).toBe(1.5e9 + 0.25);
    expect(users.flags(a)).toBe(F_WANTED | F_LOST);
    users.setFlags(a, 0);
    expect([users.flags(a), users.pool(a), users.state(a)]).toEqual([0, 7, U_CONNECTED]);
    users.setFlags(a, F_LOST);
    users.setState(a, U_WAITING);
    expect([users.flags(a), users.pool(a), users.state(a)]).toEqual([F_LOST, 7, U_WAITING]);
    expect([users.pool(b), users.state(b), users.flags(b), users.server(b)]).toEqual([
      65535,
      U_CONNECTED,
      0,
      -1,
    ]);
    expect(endAt(users, b)).toBeNaN();
  });

  it("lays its fields after the engine's words, the sign-out time 8-byte aligned, in 32 bytes", () => {
    const users = new UserTable(2);
    users.alloc(3, U_WAITING);
    expect(USER_WORDS).toBe(8);
    expect(users.endAtIndex(1) * 2).toBeGreaterThanOrEqual(USER_WORDS + ENTITY_WORDS + 4);
    expect(users.endAtIndex(1) * 2 + 2).toBe(2 * USER_WORDS);
  });

  it('grows by doubling, keeps what it held and hands the new records on', () => {
    const grown: Int32Array[] = [];
    const users = new UserTable(16, (r) => grown.push(r));
    for (let i = 0; i < 40; i++) {
      const u = users.alloc(i, U_WAITING);
      users.times[users.endAtIndex(u)] = i * 10;
    }
    expect(users.capacity).toBe(64);
    expect(grown.length).toBe(2);
    expect(grown[1]).toBe(users.records);
    for (let u = 0; u < 40; u++) expect([users.pool(u), endAt(users, u)]).toEqual([u, u * 10]);
  });

  it('reuses released slots last in, first out, as fresh records but for the engine words', () => {
    const users = new UserTable(16);
    for (let i = 0; i < 5; i++) users.alloc(0, U_WAITING);
    users.setServer(1, 4);
    users.setAttempt(1, 3);
    // A cancelled event of user 1 still queued: the engine's words survive the slot's reuse.
    users.records[8] = -2;
    users.release(1);
    users.release(3);
    expect(users.state(1)).toBe(U_FREE);
    expect(users.alloc(2, U_WAITING)).toBe(3);
    const u = users.alloc(2, U_WAITING);
    expect(u).toBe(1);
    expect([users.server(u), users.attempt(u), users.pool(u), users.state(u)]).toEqual([-1, 0, 2, U_WAITING]);
    expect([users.records[8], users.records[9]]).toEqual([-2, -1]);
    expect(users.alloc(0, U_WAITING)).toBe(5);
    expect(users.used).toBe(6);
  });
});
