/**
 * One contender's walks, for `instructions.ts` to run under valgrind: `<name> <walks>
 * <origin> <limit> [steps left out, comma-separated]`; prints the threads counted.
 * Nothing else runs here, so the process's instruction count is start-up plus the walks.
 */
import { contenderWalk, type Contender } from './contenders';
import { BENCH_TOKEN } from './emulatorClient';
import { STEPS, type Step } from './stepsLoop';

const [name, walks, origin, limit, without = ''] = process.argv.slice(2);
const isStep = (step: string): step is Step => (STEPS as readonly string[]).includes(step);
const left = without.split(',').filter((step) => step !== '');
const unknown = left.filter((step) => !isStep(step));
if (unknown.length > 0) throw new Error(`no such step: ${unknown.join(', ')} (the steps: ${STEPS.join(', ')})`);
const stepsWithout = new Set(left.filter(isStep));
const walk = contenderWalk(name as Contender, { origin: origin ?? '', accessToken: BENCH_TOKEN, limit: Number(limit), stepsWithout });
let threads = 0;
for (let i = 0; i < Number(walks); i++) threads += await walk();
console.log(threads);
