// Measures the C module under Node: node wasm/c/bench.mjs $(go env GOROOT) [c.wasm]
// (CPU time: on a shared machine wall time says little). Run from the repository root.
import fs from 'fs';
import path from 'path';
const goroot = process.argv[2];
await import(path.join(goroot, 'lib/wasm/wasm_exec.js'));
const go = new globalThis.Go();
const { instance } = await WebAssembly.instantiate(fs.readFileSync(process.argv[3] || 'web/public/gen/c.wasm'), go.importObject);
go.run(instance);
const api = globalThis.socklabC;
const seed = 'engine/cprog/testdata/seed/';
const files = [{ name: 'server.c', src: fs.readFileSync(seed + 'server.c', 'utf8') }, { name: 'client.c', src: fs.readFileSync(seed + 'client.c', 'utf8') }];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let i = 0; i < 3; i++) {
  const t0 = performance.now(), c0 = cpu();
  const r = JSON.parse(api.load(JSON.stringify({ files })));
  const v = JSON.parse(api.end());
  console.log(`seed pair load+run: ${(performance.now() - t0).toFixed(1)} ms wall, ${(cpu() - c0).toFixed(1)} ms cpu; steps ${v.len}; client: ${JSON.stringify(v.stdout.client)}`);
}
const loop = `int main(void) { long sum = 0; for (int i = 0; i < 10000000; i++) sum += i; return sum == 49999995000000L ? 0 : 1; }`;
for (let i = 0; i < 2; i++) {
  const t0 = performance.now(), c0 = cpu();
  const r = JSON.parse(api.load(JSON.stringify({ files: [{ name: 'loop.c', src: loop }] })));
  const v = JSON.parse(api.end());
  console.log(`10M loop: ${(performance.now() - t0).toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms cpu; exit ${v.procs[0].exit}`);
}
const t0 = performance.now(), c0 = cpu();
for (let i = 0; i < 10; i++) JSON.parse(api.load(JSON.stringify({ files: [files[0]] })));
console.log(`compile+start server alone: ${((cpu() - c0) / 10).toFixed(1)} ms cpu each`);
process.exit(0);
