/**
 * The dashboard page's light/dark choice: what the person chose last time (kept in localStorage),
 * else `?theme=`, else the system's setting. The page's own colours follow `data-theme` on <html>.
 */
import type { ThemeName } from '../widgets/theme/theme-tokens.ts';

const KEY = 'webstat-theme';

export function initialTheme(fromAddress: ThemeName | null): 'light' | 'dark' {
  const stored = safeGet();
  if (stored === 'light' || stored === 'dark') return stored;
  if (fromAddress === 'light' || fromAddress === 'dark') return fromAddress;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function rememberTheme(theme: 'light' | 'dark'): void {
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage may be off (private windows, strict settings): the choice then lasts for the page.
  }
}

export function applyPageTheme(theme: 'light' | 'dark'): void {
  document.documentElement.dataset.theme = theme;
}

function safeGet(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
