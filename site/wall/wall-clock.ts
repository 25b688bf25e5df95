/** The wall's clock: the local time, updated every few seconds; no seconds shown, none needed. */
const format = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

export function startWallClock(element: HTMLTimeElement): () => void {
  const show = () => {
    const now = new Date();
    element.dateTime = now.toISOString();
    element.textContent = format.format(now);
  };
  show();
  const timer = setInterval(show, 5_000);
  return () => clearInterval(timer);
}
