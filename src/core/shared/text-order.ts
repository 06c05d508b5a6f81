/**
 * Orders strings by their UTF-16 code units, as `<` does: deterministic everywhere, and unlike
 * `localeCompare` it needs no collator (the first `localeCompare` of a process loads ICU's
 * collation data, a few ms of every CLI command that sorts). For keys such as emails and ids,
 * not for names shown sorted to people.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
