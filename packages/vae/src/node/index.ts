export { writeFileAtomic } from './atomic-write.js';
export { fileStore } from './file-store.js';
