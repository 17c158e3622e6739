import { lockDataDir } from "../../server/db/data-dir-lock";

/** A process that takes DATA_DIR (argv[2]) and holds it until killed: the lock tests' other process. */
await lockDataDir(process.argv[2]!);
process.stdout.write("held\n");
setInterval(() => {}, 60_000);
