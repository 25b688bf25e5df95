/** The PBS flavours the agent reads; `auto` in the configuration means "ask the server". */
export const FLAVOURS = ['torque', 'pbspro', 'openpbs'] as const;
export type Flavour = (typeof FLAVOURS)[number];
export type FlavourSetting = Flavour | 'auto';

export function isFlavour(value: string): value is Flavour {
  return (FLAVOURS as readonly string[]).includes(value);
}
