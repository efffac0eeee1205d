/**
 * One contender's walks, for `instructions.ts` to run under valgrind: `<name> <walks>
 * <origin> <limit>`; prints the threads counted. Nothing else runs here, so the process's
 * instruction count is start-up plus the walks.
 */
import { contenderWalk, type Contender } from './contenders';
import { BENCH_TOKEN } from './emulatorClient';

const [name, walks, origin, limit] = process.argv.slice(2);
const walk = contenderWalk(name as Contender, { origin: origin ?? '', accessToken: BENCH_TOKEN, limit: Number(limit) });
let threads = 0;
for (let i = 0; i < Number(walks); i++) threads += await walk();
console.log(threads);
