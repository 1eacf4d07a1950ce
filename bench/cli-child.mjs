// Runs the command line (pkg/bin/cli.js) in this process with the given arguments, and prints its
// peak RSS on stderr as it exits: `cli-peak-rss-kb <n>` (bench/cli.mjs reads it).
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../pkg/bin/cli.js", import.meta.url));
process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
process.on("exit", () => process.stderr.write(`\ncli-peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
await import(cli);
