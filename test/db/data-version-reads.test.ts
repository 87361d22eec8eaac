// The data-version reads of the response cache's freshness check (src/db/data-version-reads.ts): coalesced
// reads never hand a caller a read sent before it called, and Database.dataStamp reads what any other
// connection committed, reporting its statement to the onStatement listeners like Prisma's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataStamp, recordWrite } from '../../src/db/change-store.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { coalesceAfterCall, DATA_VERSION_STATEMENT } from '../../src/db/data-version-reads.js';
import { DATA_VERSION_STATEMENT as TEST_DATA_VERSION_STATEMENT } from '../helpers/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** A read whose answer the test gives: `sent` lists the reads started, each resolved or failed by hand. */
function manualReads() {
  const sent: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  const read = () =>
    new Promise<number>((resolve, reject) => {
      sent.push({ resolve, reject });
    });
  return { sent, read: coalesceAfterCall(read) };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced reads', () => {
  it('give a caller arriving during a read the next read, started after that read, shared with the others', async () => {
    const { sent, read } = manualReads();
    const first = read();
    expect(sent).toHaveLength(1);
    const late = [read(), read(), read()]; // arrive while the first is in flight: it may predate their writes
    expect(sent).toHaveLength(1); // they wait: no second read in flight
    sent[0]!.resolve(1);
    await expect(first).resolves.toBe(1);
    await settle();
    expect(sent).toHaveLength(2); // one read for all three, sent after they arrived
    const later = read(); // arrives after the second read was sent: may not use it
    sent[1]!.resolve(2);
    await expect(Promise.all(late)).resolves.toEqual([2, 2, 2]);
    await settle();
    expect(sent).toHaveLength(3);
    sent[2]!.resolve(3);
    await expect(later).resolves.toBe(3);
    await settle();
    expect(sent).toHaveLength(3); // nobody waiting: nothing more is read
    const fresh = read();
    expect(sent).toHaveLength(4); // idle: a new caller's read starts at once
    sent[3]!.resolve(4);
    await expect(fresh).resolves.toBe(4);
  });

  it('fail only the callers of a failed read; those waiting get the next one', async () => {
    const { sent, read } = manualReads();
    const first = read();
    const waiting = read();
    sent[0]!.reject(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settle();
    expect(sent).toHaveLength(2);
    sent[1]!.resolve(7);
    await expect(waiting).resolves.toBe(7);
  });
});

describe('Database.dataStamp', () => {
  let database: TestDatabase;
  let other: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    other = await openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: 2 }); // another client, as another process
  });
  afterAll(async () => {
    await other?.close();
    await database?.drop();
  });

  /** A write transaction of the other client: it bumps the data version as every write does; resolves to it. */
  const write = () => other.prisma.$transaction((tx) => recordWrite(tx));

  it('reads the version and database id Prisma reads, and sees another client’s write at once', async () => {
    const before = await database.db.dataStamp();
    expect(before).toEqual(await readDataStamp(database.db));
    const version = await write();
    expect(await database.db.dataStamp()).toEqual({ version, databaseId: before?.databaseId });
  });

  it('never answers a caller with a version older than a write completed before it called, under concurrency', async () => {
    let committed = (await database.db.dataStamp())?.version ?? 0;
    let writing = true;
    let reads = 0;
    let stale = 0;
    const check = async () => {
      const mustSee = committed; // every write whose commit was acknowledged before this call
      const stamp = await database.db.dataStamp();
      reads++;
      if ((stamp?.version ?? 0) < mustSee) stale++;
    };
    // Readers keep a read in flight nearly all the time, one that may have started before the next commit.
    const reader = async () => {
      while (writing) {
        await check();
        await settle(); // a SQLite read resolves at once: leave the writer its turn
      }
    };
    const writer = async () => {
      try {
        for (let i = 0; i < 40; i++) {
          committed = await write();
          // Calls right after the acknowledgement, while the readers' read is likely still in flight.
          await Promise.all([check(), check(), check(), check()]);
          // Let the readers run a few reads against this version before the next write.
          const target = reads + 8;
          while (reads < target) await settle();
        }
      } finally {
        writing = false;
      }
    };
    await Promise.all([writer(), ...Array.from({ length: 16 }, reader)]);
    expect(reads).toBeGreaterThan(40 * 8);
    expect(stale).toBe(0);
  });

  it('reports its statement, by name, to the onStatement listeners', async () => {
    const names: string[] = [];
    expect(DATA_VERSION_STATEMENT).toBe(TEST_DATA_VERSION_STATEMENT); // what the tests' statement counts leave out
    const stop = database.db.onStatement((statement) => names.push(statement.name));
    try {
      await database.db.dataStamp();
    } finally {
      stop();
    }
    expect(names).toEqual([DATA_VERSION_STATEMENT]);
  });
});
