/**
 * Pass-through decoding of a successful Graph body for callers that did not ask for a known
 * resource (the custom API call): JSON stays an object, text stays a string, anything else is
 * returned as base64 so no byte is lost or mangled by a UTF-8 round trip.
 */

/** A Graph body as the custom call hands it on. */
export type RawBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; value: string }
  | { kind: 'base64'; value: string };

/** Largest body read in raw mode; a user photo or a report is well below this, a runaway stream is not. */
export const RAW_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** Media types that are text even though they are not `text/*`. */
const TEXTUAL = /^(?:application\/(?:xml|javascript|x-www-form-urlencoded|[\w.+-]+\+xml)|image\/svg\+xml)$/;

export function decodeRawBody(bytes: Buffer, contentType: string): RawBody {
  if (bytes.length === 0) return { kind: 'empty' };
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = mediaType === 'application/json' || mediaType.endsWith('+json');
  if (isJson || mediaType === '') {
    const text = bytes.toString('utf8');
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      // A body that claims JSON but is not: hand it on as text rather than fail the whole call.
      if (isJson || isUtf8Text(bytes, text)) return { kind: 'text', value: text };
      return { kind: 'base64', value: bytes.toString('base64') };
    }
  }
  if (mediaType.startsWith('text/') || TEXTUAL.test(mediaType)) {
    return { kind: 'text', value: bytes.toString('utf8') };
  }
  return { kind: 'base64', value: bytes.toString('base64') };
}

/** Untyped bodies are text only if they survive a UTF-8 round trip and hold no NUL. */
function isUtf8Text(bytes: Buffer, text: string): boolean {
  return !text.includes('\u0000') && Buffer.from(text, 'utf8').equals(bytes);
}

/**
 * The same decoding for an item of a JSON batch answer, whose body Graph has already put in JSON
 * form: a JSON value for a JSON media type, a string for text, base64 for anything else.
 */
export function decodeBatchItemBody(body: unknown, contentType: string): RawBody {
  if (body === undefined) return { kind: 'empty' };
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (typeof body !== 'string' || mediaType === 'application/json' || mediaType.endsWith('+json')) {
    return { kind: 'json', value: body };
  }
  if (mediaType.startsWith('text/') || TEXTUAL.test(mediaType)) return { kind: 'text', value: body };
  return { kind: 'base64', value: body };
}
