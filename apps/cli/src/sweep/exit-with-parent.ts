/**
 * Preloaded (`node --import`) into each trial's `ae train` child process: the child ends when
 * the process that started it is gone. A worker killed with SIGKILL cannot stop its child, and
 * an orphaned trial would keep writing into the trial directory that another worker resumes.
 */
const parent = process.ppid;
setInterval(() => {
  // Re-parented (to init or a subreaper): the sweep or worker that owned this trial died.
  if (process.ppid !== parent) process.exit(137);
}, 250).unref();
