import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run screenshots`: the docs' pictures of each screen, not a test.
export default defineConfig({ ...base, testDir: 'scripts/screenshots', workers: 1 });
