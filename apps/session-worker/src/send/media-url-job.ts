import type { SendJob } from '@wildcat/jobs';
import type { Store } from '@wildcat/store';
import type { Job } from 'bullmq';
import { DEFAULT_MEDIA_URL_SETTINGS, fetchMediaUrl, type MediaUrlSettings } from './media-url.js';

export type { MediaUrlSettings } from './media-url.js';

/**
 * A send by media `url`: fetched once, then the job's data names the stored file instead
 * (`updateData`), so a held or retried run sends that file and never fetches the URL again.
 */
export async function withFetchedMedia(
  job: Job,
  data: SendJob,
  deps: { store: Store; mediaUrl?: MediaUrlSettings },
): Promise<SendJob> {
  if (!('mediaUrl' in data) || !data.mediaUrl || data.mediaId) return data;
  const fetched = await fetchMediaUrl({ ...data, mediaUrl: data.mediaUrl }, deps.store, {
    ...DEFAULT_MEDIA_URL_SETTINGS,
    ...deps.mediaUrl,
  });
  const ready = { ...data, ...fetched } as SendJob;
  await job.updateData(ready);
  return ready;
}
