// Measures C mode's two modules under Node, as the page's Worker uses them (cc.wasm compiles,
// c.wasm runs): node wasm/c/bench.mjs $(go env GOROOT) [cc.wasm c.wasm]
// (CPU time: on a shared machine wall time says little). Run from the repository root.
import fs from 'fs';
import path from 'path';
const goroot = process.argv[2];
await import(path.join(goroot, 'lib/wasm/wasm_exec.js'));
const start = async (file) => {
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(file), go.importObject);
  go.run(instance);
};
await start(process.argv[3] || 'web/public/gen/cc.wasm');
await start(process.argv[4] || 'web/public/gen/c.wasm');
const cc = globalThis.socklabCC, api = globalThis.socklabC;
// load compiles with cc.wasm and starts the run in c.wasm, as cworker.js's load does
const load = (files) => {
  const c = cc.compile(files);
  if (c.errors.length) throw new Error(JSON.stringify(c.errors));
  return JSON.parse(api.load({}, c.programs));
};
const seed = 'engine/cprog/testdata/seed/';
const files = [{ name: 'server.c', src: fs.readFileSync(seed + 'server.c', 'utf8') }, { name: 'client.c', src: fs.readFileSync(seed + 'client.c', 'utf8') }];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let i = 0; i < 3; i++) {
  const t0 = performance.now(), c0 = cpu();
  load(files);
  const v = JSON.parse(api.end());
  console.log(`seed pair load+run: ${(performance.now() - t0).toFixed(1)} ms wall, ${(cpu() - c0).toFixed(1)} ms cpu; steps ${v.len}; client: ${JSON.stringify(v.stdout.client)}`);
}
const loop = `int main(void) { long sum = 0; for (int i = 0; i < 10000000; i++) sum += i; return sum == 49999995000000L ? 0 : 1; }`;
for (let i = 0; i < 2; i++) {
  const t0 = performance.now(), c0 = cpu();
  load([{ name: 'loop.c', src: loop }]);
  const v = JSON.parse(api.end());
  console.log(`10M loop: ${(performance.now() - t0).toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms cpu; exit ${v.procs[0].exit}`);
}
let c0 = cpu();
for (let i = 0; i < 10; i++) cc.compile([files[0]]);
console.log(`compile the server alone: ${((cpu() - c0) / 10).toFixed(1)} ms cpu each`);
c0 = cpu();
for (let i = 0; i < 10; i++) load([files[0]]);
console.log(`compile+start server alone: ${((cpu() - c0) / 10).toFixed(1)} ms cpu each`);
process.exit(0);
