/**
 * gzip for `.fcpack` files with the platform's CompressionStream / DecompressionStream (browsers
 * and Node alike: no library, no remote code; docs/adr/018-corpus-packs.md has the measurement
 * against fflate). Inflating counts the bytes as they come and stops at a cap, so a gzip bomb
 * costs at most the cap plus one slice's worth, never the bytes it claims.
 */

/**
 * The compressed input is fed in slices of this size, each only when the inflater asks for more:
 * one slice inflates to at most ~1,032 times its size (deflate's best ratio), about 16 MiB, so
 * that is the most we can overshoot the cap before we notice.
 */
export const INPUT_SLICE_BYTES = 16 * 1024;

/** The two bytes every gzip member starts with (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

export type GzipFailure = 'not-gzip' | 'damaged' | 'too-large';

export class GzipError extends Error {
  constructor(
    readonly failure: GzipFailure,
    message: string,
  ) {
    super(message);
    this.name = 'GzipError';
  }
}

function slicedStream(bytes: Uint8Array): ReadableStream<BufferSource> {
  let offset = 0;
  return new ReadableStream<BufferSource>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(offset, offset + INPUT_SLICE_BYTES));
        offset += INPUT_SLICE_BYTES;
      },
    },
    { highWaterMark: 0 },
  );
}

async function collect(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new GzipError('too-large', `inflates to more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Inflates a gzip file, refusing one that is not gzip, is damaged or truncated, or inflates past `maxBytes`. */
export async function gunzipCapped(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (bytes.byteLength < 2 || bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) {
    throw new GzipError('not-gzip', 'is not a gzip file (a .fcpack file is gzip-compressed JSON)');
  }
  try {
    return await collect(slicedStream(bytes).pipeThrough(new DecompressionStream('gzip')), maxBytes);
  } catch (error) {
    if (error instanceof GzipError) throw error;
    throw new GzipError(
      'damaged',
      `is truncated or damaged (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return collect(slicedStream(bytes).pipeThrough(new CompressionStream('gzip')), Number.POSITIVE_INFINITY);
}
