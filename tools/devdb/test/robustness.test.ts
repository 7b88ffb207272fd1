import { connect, type Socket } from 'node:net';
import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDevdb } from './harness.js';

const h = useDevdb('robust');

function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves when the server hangs up (true) or after `ms` with the socket still open (false). */
function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('robustness', () => {
  it('answers unknown commands with CommandNotFound and keeps serving', async () => {
    const error = await h.db.command({ frobnicate: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).message).toBe("no such command: 'frobnicate'");
    expect((error as MongoServerError).code).toBe(59);
    expect((error as MongoServerError).codeName).toBe('CommandNotFound');
    expect(await h.db.command({ ping: 1 })).toEqual({ ok: 1 });
  });

  it('turns bad input into errors, not crashes', async () => {
    const c = h.db.collection('bad');
    await expect(c.find({ a: { $frob: 1 } }).toArray()).rejects.toBeInstanceOf(MongoServerError);
    await expect(c.updateOne({}, { $frob: { a: 1 } })).rejects.toBeInstanceOf(MongoServerError);
    await expect(c.aggregate([{ $nope: {} }]).toArray()).rejects.toBeInstanceOf(MongoServerError);
    await expect(c.insertOne({ _id: [1, 2] as never })).rejects.toMatchObject({ code: 53 });
    await expect(h.db.command({ find: 'bad', filter: 'nope' })).rejects.toMatchObject({ code: 14 });
    expect(await h.db.command({ ping: 1 })).toEqual({ ok: 1 });
  });

  it('drops a connection that sends garbage, and only that one', async () => {
    const garbage = await rawSocket(h.server.port);
    const closed = closedWithin(garbage, 2000);
    garbage.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(await closed).toBe(true);

    const bogusBody = await rawSocket(h.server.port);
    const closed2 = closedWithin(bogusBody, 2000);
    const frame = Buffer.alloc(40, 0xab);
    frame.writeInt32LE(40, 0);
    frame.writeInt32LE(2013, 12);
    bogusBody.write(frame);
    expect(await closed2).toBe(true);

    expect(await h.db.command({ ping: 1 })).toEqual({ ok: 1 });
    expect(await h.db.collection('bad').countDocuments()).toBe(0);
  });

  it('answers a raw OP_MSG ping on a plain socket', async () => {
    const socket = await rawSocket(h.server.port);
    const { serialize, deserialize } = await import('bson');
    const body = Buffer.from(serialize({ ping: 1, $db: 'admin' }));
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + body.length, 0);
    header.writeInt32LE(7, 4);
    header.writeInt32LE(2013, 12);
    const reply = new Promise<Buffer>((resolve) => {
      let received = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length >= 4 && received.length >= received.readInt32LE(0)) resolve(received);
      });
    });
    socket.write(Buffer.concat([header, body]));
    const bytes = await reply;
    expect(bytes.readInt32LE(8)).toBe(7);
    expect(deserialize(bytes.subarray(21))).toEqual({ ok: 1 });
    socket.destroy();
  });
});
