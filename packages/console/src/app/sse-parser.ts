/** One Server-Sent Events message. */
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/**
 * Incremental SSE parser (the text/event-stream format of the HTML standard): feed it chunks as
 * they arrive, it calls `onMessage` per complete message. EventSource would do this for us but
 * cannot send the X-API-Key header, and the key must never go in the URL.
 */
export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;

  function line(text: string): void {
    if (text === '') {
      if (data.length > 0) onMessage({ id, event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      return;
    }
    if (text.startsWith(':')) return; // comment / heartbeat
    const colon = text.indexOf(':');
    const name = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') data.push(value);
    else if (name === 'event') event = value;
    else if (name === 'id' && !value.includes('\0')) id = value;
  }

  return {
    push(chunk: string): void {
      buffer += chunk;
      let end = buffer.search(/\r\n|\r|\n/);
      while (end !== -1) {
        // A CR that ends the chunk may be the first half of a CRLF: wait for the next chunk.
        if (end === buffer.length - 1 && buffer[end] === '\r') return;
        const newline = buffer.startsWith('\r\n', end) ? 2 : 1;
        line(buffer.slice(0, end));
        buffer = buffer.slice(end + newline);
        end = buffer.search(/\r\n|\r|\n/);
      }
    },
    /** The id of the last message, for `Last-Event-ID` on reconnect. */
    get lastId(): string | undefined {
      return id;
    },
  };
}
