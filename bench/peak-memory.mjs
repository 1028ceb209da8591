// Loaded with `node --import` into a process a benchmark times: prints its peak resident memory
// (worker threads included: they share the process) on standard error when it exits.
process.on("exit", () => process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`));
