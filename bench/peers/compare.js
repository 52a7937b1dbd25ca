// Checks every peer's verdicts against Eligo's on the same patients, and prints every
// disagreement class with examples: never hidden.
//   node compare.js ELIGO_ROWS.ndjson NAME=PEER.csv ...
'use strict';
const fs = require('fs');
const readline = require('readline');

async function readEligo(path) {
  const m = new Map();
  const rl = readline.createInterface({ input: fs.createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (r.error) { m.set(String(r.record), { verdict: 'error', error: r.error }); continue; }
    m.set(r.patient, r);
  }
  return m;
}

async function main() {
  const eligo = await readEligo(process.argv[2]);
  let eligible = 0;
  for (const r of eligo.values()) if (r.verdict === 'eligible') eligible++;
  console.log(`eligo: ${eligo.size} patients, ${eligible} eligible`);
  let failed = false;
  for (const arg of process.argv.slice(3)) {
    const [name, path] = arg.split('=');
    const lines = fs.readFileSync(path, 'utf8').split('\n').filter(Boolean);
    let peerEligible = 0, agree = 0;
    const disagree = [];
    for (const l of lines) {
      const [id, v] = l.split(',');
      const e = eligo.get(id);
      const peer = v === '1';
      if (peer) peerEligible++;
      const mine = e ? e.verdict === 'eligible' : false;
      if (!e || mine !== peer) disagree.push({ id, peer, eligo: e ? e.verdict : 'absent', not_met: e && e.not_met, open: e && e.open });
      else agree++;
    }
    if (lines.length !== eligo.size) {
      console.log(`${name}: ${lines.length} verdicts for ${eligo.size} patients`);
      failed = true;
    }
    console.log(`${name}: ${lines.length} patients, ${peerEligible} eligible; agrees with eligo on ${agree}, disagrees on ${disagree.length}`);
    for (const d of disagree.slice(0, 20))
      console.log(`  ${d.id}: ${name} ${d.peer ? 'eligible' : 'not eligible'}, eligo ${d.eligo}` +
                  (d.not_met && d.not_met.length ? `, not met: ${d.not_met.join(',')}` : '') +
                  (d.open && d.open.length ? `, open: ${d.open.join(',')}` : ''));
    if (disagree.length > 20) console.log(`  ... and ${disagree.length - 20} more`);
  }
  process.exit(failed ? 1 : 0);
}
main();
