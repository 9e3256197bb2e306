import { ensureDebianCommand } from './debian-package';

/**
 * The path of Debian's `chromium` binary, for `playwright-core`'s `executablePath`. Installed
 * with apt-get when missing and running as root on Debian; otherwise the error says the one
 * command to run. (`npx playwright install` downloads browsers and fails on these machines.)
 */
export function ensureChromium(): string {
  return ensureDebianCommand('chromium', 'chromium');
}

/** The flags Chromium needs to run headless here (as root, no GPU, nothing fetched in the background). */
export const CHROMIUM_ARGS: readonly string[] = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];
