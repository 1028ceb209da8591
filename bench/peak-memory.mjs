// Loaded with `node --import` into a process a benchmark times: prints its peak resident memory
// (worker threads included: they share the process) on standard error when it exits.
// Its CPU time too (user + system, every thread): on a shared machine, less load-bound than the wall clock.
process.on("exit", () => {
  const u = process.resourceUsage();
  process.stderr.write(`\npeak-rss-kb ${u.maxRSS}\ncpu-us ${u.userCPUTime + u.systemCPUTime}\n`);
});
