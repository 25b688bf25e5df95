/** The shared contract of webstat: model, codec, deltas, messages. Imports nothing outside. */
export * from './model.ts';
export * from './canonical-order.ts';
export * from './summary.ts';
export * from './delta.ts';
export * from './history.ts';
export * from './messages.ts';
export * from './opcodes.ts';
export * from './protocol-error.ts';
export * from './frame.ts';
export type { SummaryTotals } from './record-schema.ts';
