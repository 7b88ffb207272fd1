import type { ForwardContent } from '@wildcat/wa';
import { drain, writeBlob } from './blob-store.js';
import type { WireBody } from './frames.js';
import type { SandboxHost } from './sandbox-host.js';

/** A forwarded message's body on the wire: the original's content (its frame says `forwarded`). */
export async function forwardWireBody(
  host: Pick<SandboxHost, 'redis' | 'maxMediaBytes'>,
  content: ForwardContent,
  keepMedia: boolean,
): Promise<WireBody> {
  switch (content.type) {
    case 'text':
      return { type: 'text', text: content.text };
    case 'location':
      return { type: 'location', location: content.location };
    case 'contact':
      return { type: 'contact', contacts: content.contacts };
    default: {
      const { media } = content;
      let blobId = '';
      let length = 0;
      if (keepMedia) ({ blobId, length } = await writeBlob(host.redis, media.stream, host.maxMediaBytes));
      else await drain(media.stream);
      return {
        type: content.type,
        blobId,
        length,
        mimetype: media.mimetype,
        ...(media.fileName ? { fileName: media.fileName } : {}),
        ...(content.caption ? { caption: content.caption } : {}),
        ...(content.ptt ? { ptt: true } : {}),
      };
    }
  }
}
