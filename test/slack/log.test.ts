import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { secretSafeLogger } from '../../src/slack/log.ts';
import { captureLogger } from './support/harness.ts';

describe('the logger Bolt and its clients share', () => {
  it('drops the payload of SDK debug lines and anything shaped like a token', () => {
    const inner = captureLogger();
    const logger = secretSafeLogger(inner);
    logger.debug('http request body: {"view":{"blocks":[{"text":"kbcm_AbCdEf0123456789AbCdEf0123456789ab"}]}}');
    logger.debug('Received a message on the WebSocket: {"payload":{"command":"/kbc","text":"link ABCD-EFGH"}}');
    logger.debug('Calling ack() - type: interactive, envelope_id: 1, data: {"response_action":"update"}');
    logger.warn('something mentioned kbcm_AbCdEf0123456789AbCdEf0123456789ab', 42);
    const lines = inner.lines.join('\n');
    expect(lines).not.toContain('kbcm_AbCdEf');
    expect(lines).not.toContain('ABCD-EFGH');
    expect(lines).not.toContain('response_action');
    expect(lines).toContain('http request body: [payload not logged');
    expect(lines).toContain('warn something mentioned kbcm_[redacted] 42');
  });

  it('passes levels through to the logger it wraps', () => {
    const inner = captureLogger();
    const logger = secretSafeLogger(inner);
    logger.setLevel(LogLevel.WARN);
    expect(inner.getLevel()).toBe(LogLevel.WARN);
    expect(logger.getLevel()).toBe(LogLevel.WARN);
  });
});
