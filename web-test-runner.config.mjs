// Browser tests (worker/, widgets/, site/) in the system Chromium, TypeScript through esbuild.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { workerTestPlugins } from './worker/testing/wtr-plugins.mjs';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export default {
  files: ['worker/**/*.test.ts', 'widgets/**/*.test.ts', 'site/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 180_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), ...workerTestPlugins()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          // Chromium builds these WebUI popups for every new window; nothing here uses them.
          '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
        ],
      },
    }),
  ],
};
