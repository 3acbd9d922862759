/** The app's version, shown in the console, the backup manifest and exports. */
export const APP_VERSION = '0.1.0';
