/**
 * Block Kit's documented limits, checked on every view and message the Slack tests make the app
 * send (the fake Web API and the harness run it on each call, response_url post and submission
 * answer). Slack counts "characters" without saying which: each length is measured in UTF-16
 * units AND in code points, and must be within the limit by both (an emoji is 2 and 1).
 * https://api.slack.com/reference/block-kit/blocks, …/composition-objects, …/surfaces/views
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Surfaces and their block counts. */
const MESSAGE_BLOCKS_MAX = 50;
const VIEW_BLOCKS_MAX = 100;
/** A message's top-level `text`: Slack truncates past 40,000 and refuses with msg_too_long. */
const MESSAGE_TEXT_MAX = 40_000;
const VIEW_TITLE_MAX = 24;
const PRIVATE_METADATA_MAX = 3000;
const CALLBACK_ID_MAX = 255;
const BLOCK_ID_MAX = 255;
const ACTION_ID_MAX = 255;
const SECTION_TEXT_MAX = 3000;
const SECTION_FIELDS_MAX = 10;
const SECTION_FIELD_TEXT_MAX = 2000;
const HEADER_TEXT_MAX = 150;
const CONTEXT_ELEMENTS_MAX = 10;
const ACTIONS_ELEMENTS_MAX = 25;
const BUTTON_TEXT_MAX = 75;
const BUTTON_VALUE_MAX = 2000;
const URL_MAX = 3000;
const CONFIRM_TITLE_MAX = 100;
const CONFIRM_TEXT_MAX = 300;
const CONFIRM_BUTTON_MAX = 30;
const INPUT_LABEL_MAX = 2000;
const INPUT_HINT_MAX = 2000;
const PLACEHOLDER_MAX = 150;
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 150;
const OPTIONS_MAX = 100;
const TEXT_OBJECT_MAX = 3000;

/** The two ways Slack may count a string's characters. */
export function lengths(value: string): { readonly utf16: number; readonly codePoints: number } {
  return { utf16: value.length, codePoints: [...value].length };
}

class Checker {
  readonly problems: string[] = [];

  length(where: string, value: unknown, max: number, min = 0): void {
    if (typeof value !== 'string') {
      this.problems.push(`${where}: not a string`);
      return;
    }
    const { utf16, codePoints } = lengths(value);
    if (utf16 > max || codePoints > max) this.problems.push(`${where}: ${utf16} UTF-16 units / ${codePoints} code points, limit ${max}`);
    if (codePoints < min) this.problems.push(`${where}: empty`);
  }

  optionalLength(where: string, value: unknown, max: number): void {
    if (value !== undefined) this.length(where, value, max);
  }

  textObject(where: string, value: unknown, max: number, options: { plainOnly?: boolean } = {}): void {
    if (!isRecord(value)) {
      this.problems.push(`${where}: not a text object`);
      return;
    }
    const type = value['type'];
    if (type !== 'plain_text' && type !== 'mrkdwn') this.problems.push(`${where}: text type ${String(type)}`);
    if (options.plainOnly && type !== 'plain_text') this.problems.push(`${where}: must be plain_text`);
    this.length(`${where}.text`, value['text'], Math.min(max, TEXT_OBJECT_MAX), 1);
  }

  confirm(where: string, value: unknown): void {
    if (!isRecord(value)) return;
    this.textObject(`${where}.title`, value['title'], CONFIRM_TITLE_MAX, { plainOnly: true });
    this.textObject(`${where}.text`, value['text'], CONFIRM_TEXT_MAX);
    this.textObject(`${where}.confirm`, value['confirm'], CONFIRM_BUTTON_MAX, { plainOnly: true });
    this.textObject(`${where}.deny`, value['deny'], CONFIRM_BUTTON_MAX, { plainOnly: true });
  }

  option(where: string, value: unknown): void {
    if (!isRecord(value)) return;
    this.textObject(`${where}.text`, value['text'], OPTION_TEXT_MAX);
    this.length(`${where}.value`, value['value'], OPTION_VALUE_MAX, 1);
  }

  element(where: string, value: unknown, actionIds: Set<string>): void {
    if (!isRecord(value)) {
      this.problems.push(`${where}: not an element`);
      return;
    }
    const actionId = value['action_id'];
    if (actionId !== undefined) {
      this.length(`${where}.action_id`, actionId, ACTION_ID_MAX, 1);
      if (typeof actionId === 'string' && actionIds.has(actionId)) this.problems.push(`${where}: action_id ${actionId} repeated in one block`);
      if (typeof actionId === 'string') actionIds.add(actionId);
    }
    if (value['type'] === 'button') {
      this.textObject(`${where}.text`, value['text'], BUTTON_TEXT_MAX, { plainOnly: true });
      this.optionalLength(`${where}.value`, value['value'], BUTTON_VALUE_MAX);
      this.optionalLength(`${where}.url`, value['url'], URL_MAX);
    }
    if (value['placeholder'] !== undefined) this.textObject(`${where}.placeholder`, value['placeholder'], PLACEHOLDER_MAX, { plainOnly: true });
    if (value['confirm'] !== undefined) this.confirm(`${where}.confirm`, value['confirm']);
    const options = value['options'];
    if (Array.isArray(options)) {
      if (options.length > OPTIONS_MAX) this.problems.push(`${where}.options: ${options.length}, limit ${OPTIONS_MAX}`);
      options.forEach((option, index) => this.option(`${where}.options[${index}]`, option));
    }
    if (value['initial_option'] !== undefined) this.option(`${where}.initial_option`, value['initial_option']);
  }

  block(where: string, block: unknown, blockIds: Set<string>): void {
    if (!isRecord(block)) {
      this.problems.push(`${where}: not a block`);
      return;
    }
    const blockId = block['block_id'];
    if (blockId !== undefined) {
      this.length(`${where}.block_id`, blockId, BLOCK_ID_MAX, 1);
      if (typeof blockId === 'string' && blockIds.has(blockId)) this.problems.push(`${where}: block_id ${blockId} repeated`);
      if (typeof blockId === 'string') blockIds.add(blockId);
    }
    const actionIds = new Set<string>();
    switch (block['type']) {
      case 'section': {
        if (block['text'] === undefined && block['fields'] === undefined) this.problems.push(`${where}: section without text or fields`);
        if (block['text'] !== undefined) this.textObject(`${where}.text`, block['text'], SECTION_TEXT_MAX);
        const fields = block['fields'];
        if (Array.isArray(fields)) {
          if (fields.length > SECTION_FIELDS_MAX) this.problems.push(`${where}.fields: ${fields.length}, limit ${SECTION_FIELDS_MAX}`);
          fields.forEach((one, index) => this.textObject(`${where}.fields[${index}]`, one, SECTION_FIELD_TEXT_MAX));
        }
        if (block['accessory'] !== undefined) this.element(`${where}.accessory`, block['accessory'], actionIds);
        return;
      }
      case 'header':
        this.textObject(`${where}.text`, block['text'], HEADER_TEXT_MAX, { plainOnly: true });
        return;
      case 'context': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > CONTEXT_ELEMENTS_MAX) {
          this.problems.push(`${where}.elements: 1–${CONTEXT_ELEMENTS_MAX} needed`);
          return;
        }
        elements.forEach((element, index) => {
          if (isRecord(element) && (element['type'] === 'plain_text' || element['type'] === 'mrkdwn')) this.textObject(`${where}.elements[${index}]`, element, TEXT_OBJECT_MAX);
        });
        return;
      }
      case 'actions': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > ACTIONS_ELEMENTS_MAX) {
          this.problems.push(`${where}.elements: 1–${ACTIONS_ELEMENTS_MAX} needed`);
          return;
        }
        elements.forEach((element, index) => this.element(`${where}.elements[${index}]`, element, actionIds));
        return;
      }
      case 'input':
        this.textObject(`${where}.label`, block['label'], INPUT_LABEL_MAX, { plainOnly: true });
        if (block['hint'] !== undefined) this.textObject(`${where}.hint`, block['hint'], INPUT_HINT_MAX, { plainOnly: true });
        this.element(`${where}.element`, block['element'], actionIds);
        return;
      case 'divider':
      case 'rich_text':
      case 'image':
        return;
      default:
        this.problems.push(`${where}: unknown block type ${String(block['type'])}`);
    }
  }

  blocks(where: string, blocks: unknown, max: number): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) {
      this.problems.push(`${where}: blocks is not an array`);
      return;
    }
    if (blocks.length > max) this.problems.push(`${where}: ${blocks.length} blocks, limit ${max}`);
    const blockIds = new Set<string>();
    blocks.forEach((block, index) => this.block(`${where}[${index}]`, block, blockIds));
  }
}

/** Problems of a message (chat.postMessage, chat.update, a response_url post); [] when it keeps every limit. */
export function messageProblems(message: Json): string[] {
  const check = new Checker();
  // Slack requires `text` as the notification fallback even with blocks (it warns without one).
  if (message['delete_original'] === true) return [];
  check.length('message.text', message['text'], MESSAGE_TEXT_MAX, 1);
  check.blocks('message.blocks', message['blocks'], MESSAGE_BLOCKS_MAX);
  return check.problems;
}

/** Problems of a modal or a Home tab view; [] when it keeps every limit. */
export function viewProblems(view: unknown): string[] {
  const check = new Checker();
  if (!isRecord(view)) return ['view: not an object'];
  if (view['type'] === 'modal') {
    check.textObject('view.title', view['title'], VIEW_TITLE_MAX, { plainOnly: true });
    if (view['submit'] !== undefined) check.textObject('view.submit', view['submit'], VIEW_TITLE_MAX, { plainOnly: true });
    if (view['close'] !== undefined) check.textObject('view.close', view['close'], VIEW_TITLE_MAX, { plainOnly: true });
    const hasInput = Array.isArray(view['blocks']) && view['blocks'].some((block) => isRecord(block) && block['type'] === 'input');
    if (hasInput && view['submit'] === undefined) check.problems.push('view: input blocks without a submit button');
  } else if (view['type'] !== 'home') {
    check.problems.push(`view: unknown type ${String(view['type'])}`);
  }
  check.optionalLength('view.private_metadata', view['private_metadata'], PRIVATE_METADATA_MAX);
  check.optionalLength('view.callback_id', view['callback_id'], CALLBACK_ID_MAX);
  check.blocks('view.blocks', view['blocks'], VIEW_BLOCKS_MAX);
  return check.problems;
}

/** Problems of a Web API call's arguments, for the methods that carry Block Kit; [] otherwise. */
export function callProblems(method: string, args: Json): string[] {
  switch (method) {
    case 'chat.postMessage':
    case 'chat.update':
    case 'chat.postEphemeral':
      return messageProblems(args).map((problem) => `${method}: ${problem}`);
    case 'views.open':
    case 'views.push':
    case 'views.update':
    case 'views.publish':
      return viewProblems(args['view']).map((problem) => `${method}: ${problem}`);
    default:
      return [];
  }
}

/** Problems of the JSON answer to a view_submission (`response_action` update or push carries a view). */
export function submissionAnswerProblems(answer: unknown): string[] {
  if (!isRecord(answer)) return [];
  const action = answer['response_action'];
  if (action === 'update' || action === 'push') return viewProblems(answer['view']).map((problem) => `view_submission answer: ${problem}`);
  return [];
}
