import { describe, expect, it } from 'vitest';
import { CALLBACK } from '../../src/slack/ids.ts';
import { decodeFormMetadata, encodeFormMetadata, parentOfClick } from '../../src/slack/views/form-metadata.ts';

const parent = { viewId: 'V0LIST', callbackId: CALLBACK.requestsToAnswer, hash: '1712345678.abc', metadata: '2' };

describe('the metadata of a form pushed over a list', () => {
  it('is the bare item without a list below, JSON with one, and reads back as written', () => {
    expect(encodeFormMetadata({ item: 'jrq_1', parent: null })).toBe('jrq_1');
    expect(encodeFormMetadata({ item: null, parent: null })).toBe('');
    expect(decodeFormMetadata(encodeFormMetadata({ item: 'jrq_1', parent }))).toEqual({ item: 'jrq_1', parent });
    expect(decodeFormMetadata(encodeFormMetadata({ item: null, parent }))).toEqual({ item: null, parent });
    expect(decodeFormMetadata('jrq_1')).toEqual({ item: 'jrq_1', parent: null });
  });

  it('reads forged or malformed metadata as no list at all, never throwing', () => {
    const forged = [
      '{',
      '{"parent":[]}',
      '[1,2]',
      'null',
      '{"parent":{"viewId":"V1<!channel>","callbackId":"kbc_join_requests"}}',
      '{"parent":{"viewId":"V1","callbackId":{"toString":"x"}}}',
      '{"parent":{"viewId":"V1","callbackId":"kbc_join_requests","metadata":"' + 'x'.repeat(200) + '"}}',
      '{"__proto__":{"parent":{"viewId":"V1","callbackId":"kbc_join_requests"}}}',
      '{"constructor":{"prototype":{"parent":1}}}',
    ];
    for (const raw of forged) {
      const read = decodeFormMetadata(raw);
      if (raw.includes('"metadata":"xxx')) expect(read.parent?.metadata).toBe('');
      else expect(read.parent, raw).toBeNull();
    }
    expect(decodeFormMetadata('x'.repeat(3001))).toEqual({ item: null, parent: null });
    expect(decodeFormMetadata(42)).toEqual({ item: null, parent: null });
    expect(({} as Record<string, unknown>)['parent']).toBeUndefined();
  });

  it('takes the parent only from a click on a modal, never from the Home tab or a message', () => {
    const view = { id: 'V0LIST', type: 'modal', callback_id: CALLBACK.joinRequests, hash: 'h1', private_metadata: '' };
    expect(parentOfClick({ view })).toEqual({ viewId: 'V0LIST', callbackId: CALLBACK.joinRequests, hash: 'h1', metadata: '' });
    expect(parentOfClick({ view: { ...view, type: 'home' } })).toBeNull();
    expect(parentOfClick({ container: { type: 'message' } })).toBeNull();
    expect(parentOfClick(null)).toBeNull();
  });
});
