/** Version of this package, written into every saved `ae.json`. */
export const VERSION = '0.1.0';
