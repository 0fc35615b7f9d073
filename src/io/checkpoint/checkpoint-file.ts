// checkpoint.pchat: one file, written and read as a stream so no Buffer ever holds a whole world (a
// Node Buffer holds at most 4 GiB). Layout: "PCHATCKP", the header's length (uint32 LE) and the header
// (JSON), then per replication its member's length (uint64 LE) and the member (zlib: the world's parts,
// each a 16-byte head [kind int32, 0, byte length float64] and its bytes), then "PCHATEND".
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  fstatSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createDeflate, createInflate } from 'node:zlib';
import { tempPathFor } from '../atomic-file.js';
import { openFileStream } from '../fault-seam.js';
import { outputError } from '../io-error.js';
import type { StatePart } from './state-parts.js';

const MAGIC = Buffer.from('PCHATCKP', 'latin1');
const TRAILER = Buffer.from('PCHATEND', 'latin1');
const PART_HEAD = 16;
/** Bytes handed to zlib at a time (a part's array is sliced, never copied). */
const SLICE = 1 << 20;
/** A header above this is not one pchat-sim wrote (it holds a scenario of at most 1 MiB and a little more). */
const MAX_HEADER_BYTES = 64 << 20;

/** A checkpoint the reader cannot use: damaged, truncated, or not a checkpoint at all. */
export class CheckpointDamaged extends Error {}

/** Where member k lies in the file. */
export interface MemberPlace {
  readonly offset: number;
  readonly length: number;
}

function* partChunks(parts: readonly StatePart[]): Generator<Buffer> {
  for (const p of parts) {
    const head = Buffer.alloc(PART_HEAD);
    head.writeInt32LE(p.kind, 0);
    head.writeDoubleLE(p.bytes.byteLength, 8);
    yield head;
    for (let i = 0; i < p.bytes.byteLength; i += SLICE)
      yield Buffer.from(p.bytes.buffer, p.bytes.byteOffset + i, Math.min(SLICE, p.bytes.byteLength - i));
  }
}

/**
 * Writes one member (a world's parts, zlib-compressed) to `path`, streamed: the parts' arrays are read
 * where they are, so the world must not change until this resolves. @throws OutputError
 */
export async function writeMember(parts: readonly StatePart[], path: string): Promise<void> {
  try {
    await pipeline(
      Readable.from(partChunks(parts), { objectMode: false }),
      createDeflate({ level: constants.Z_BEST_SPEED }),
      openFileStream(path),
    );
  } catch (e) {
    rmSync(path, { force: true });
    throw outputError(path, e);
  }
}

async function put(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes checkpoint.pchat at `path` (atomically: a temporary name, renamed when complete) from the
 * header and the member files, in order, then removes the member files. @throws OutputError
 */
export async function assembleCheckpoint(
  path: string,
  headerText: string,
  memberFiles: readonly string[],
): Promise<void> {
  const tmp = tempPathFor(path);
  const out = openFileStream(tmp);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    const text = Buffer.from(headerText, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(text.byteLength, 0);
    await Promise.race([put(out, Buffer.concat([MAGIC, len, text])), failed]);
    for (const file of memberFiles) {
      const size = Buffer.alloc(8);
      size.writeBigUInt64LE(BigInt(statSync(file).size), 0);
      await Promise.race([put(out, size), failed]);
      // Chunk by chunk: a pipeline into `out` per member would leave its listeners on `out` each time.
      for await (const chunk of createReadStream(file))
        await Promise.race([put(out, chunk as Buffer), failed]);
    }
    out.end(TRAILER);
    await Promise.race([once(out, 'finish'), failed]);
    renameSync(tmp, path);
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw outputError(path, e);
  } finally {
    for (const f of memberFiles) rmSync(f, { force: true });
  }
}

/**
 * Reads a checkpoint's header text and where each of its `members(text)` members lies; checks the
 * framing: the magic, every length within the file, the trailer at the very end.
 * @throws CheckpointDamaged (and whatever `members` throws about the header)
 */
export function readCheckpointFrame(
  path: string,
  members: (headerText: string) => number,
): { headerText: string; members: MemberPlace[] } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (at: number, n: number): Buffer => {
      if (at + n > size) throw new CheckpointDamaged(`it ends at byte ${size}, before byte ${at + n}`);
      const b = Buffer.alloc(n);
      if (readSync(fd, b, 0, n, at) !== n) throw new CheckpointDamaged(`could not read byte ${at + n}`);
      return b;
    };
    if (!read(0, 8).equals(MAGIC)) throw new CheckpointDamaged('it does not start with PCHATCKP');
    const hlen = read(8, 4).readUInt32LE(0);
    if (hlen > MAX_HEADER_BYTES) throw new CheckpointDamaged(`its header claims ${hlen} bytes`);
    let headerText: string;
    try {
      headerText = new TextDecoder('utf-8', { fatal: true }).decode(read(12, hlen));
    } catch (e) {
      if (e instanceof CheckpointDamaged) throw e;
      throw new CheckpointDamaged('its header is not UTF-8 text');
    }
    const n = members(headerText);
    const places: MemberPlace[] = [];
    let at = 12 + hlen;
    for (let k = 0; k < n; k++) {
      const length = Number(read(at, 8).readBigUInt64LE(0));
      if (at + 8 + length > size) throw new CheckpointDamaged(`member ${k} runs past the end of the file`);
      places.push({ offset: at + 8, length });
      at += 8 + length;
    }
    if (!read(at, 8).equals(TRAILER) || at + 8 !== size)
      throw new CheckpointDamaged('it does not end with PCHATEND after its last member');
    return { headerText, members: places };
  } finally {
    closeSync(fd);
  }
}

/** Parses a member's inflated bytes into parts, allocating each part's bytes once. */
class PartParser {
  readonly parts: StatePart[] = [];
  private readonly head = Buffer.alloc(PART_HEAD);
  private headFill = 0;
  private body: Uint8Array | null = null;
  private bodyFill = 0;
  private kind = 0;

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.body === null) {
        const n = Math.min(PART_HEAD - this.headFill, chunk.length - i);
        chunk.copy(this.head, this.headFill, i, i + n);
        this.headFill += n;
        i += n;
        if (this.headFill < PART_HEAD) return;
        this.headFill = 0;
        this.kind = this.head.readInt32LE(0);
        const length = this.head.readDoubleLE(8);
        if (!(Number.isSafeInteger(length) && length >= 0 && this.kind >= 1 && this.kind <= 5))
          throw new CheckpointDamaged(`part ${this.parts.length} has a damaged head`);
        this.body = new Uint8Array(new ArrayBuffer(length));
        this.bodyFill = 0;
      }
      const n = Math.min(this.body.byteLength - this.bodyFill, chunk.length - i);
      this.body.set(chunk.subarray(i, i + n), this.bodyFill);
      this.bodyFill += n;
      i += n;
      if (this.bodyFill === this.body.byteLength) {
        this.parts.push({ kind: this.kind, bytes: this.body });
        this.body = null;
      }
    }
  }

  finish(): StatePart[] {
    if (this.body !== null || this.headFill !== 0)
      throw new CheckpointDamaged(`part ${this.parts.length} is cut short`);
    return this.parts;
  }
}

/** SHA-256 (hex) of bytes [offset, offset + length) of `path`, or of the whole file; streamed. */
export async function fileSha256(path: string, place?: MemberPlace): Promise<string> {
  const hash = createHash('sha256');
  const range = place === undefined ? {} : { start: place.offset, end: place.offset + place.length - 1 };
  await pipeline(createReadStream(path, range), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) hash.update(chunk);
  });
  return hash.digest('hex');
}

/** Reads member `place` of the checkpoint at `path` back into parts, streamed. @throws CheckpointDamaged */
export async function readMember(path: string, place: MemberPlace): Promise<StatePart[]> {
  const parser = new PartParser();
  try {
    await pipeline(
      createReadStream(path, { start: place.offset, end: place.offset + place.length - 1 }),
      createInflate(),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) parser.push(chunk);
      },
    );
  } catch (e) {
    if (e instanceof CheckpointDamaged) throw e;
    throw new CheckpointDamaged(`a member does not decompress (${(e as Error).message})`);
  }
  return parser.finish();
}
