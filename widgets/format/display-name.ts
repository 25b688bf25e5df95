/**
 * How a user or group name is written in a legend. The gateway's pseudonyms (`user-7f3a9c`,
 * `group-01b2e4`, DESIGN.md "Audiences") lose their prefix, which a chart titled "by user" already
 * says, so that the part that tells them apart survives a narrow legend: `#7f3a9c`. Tables and
 * screen-reader text keep the full name.
 */
const PSEUDONYM = /^(?:user|group)-([0-9a-f]{4,})$/;

export function displayName(name: string): string {
  const match = PSEUDONYM.exec(name);
  return match ? `#${match[1]}` : name;
}
