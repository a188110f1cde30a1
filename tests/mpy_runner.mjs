// Runs a Python script under the npm MicroPython build (the one the site ships), with files
// written into its file system first. Input on stdin as JSON: {"files": {path: text}, "binary": {path: base64}, "script": text}.
// Exit 0 with the script's stdout, or exit 1 with the Python traceback on stderr.
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript/micropython.mjs";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));

let out = "";
let err = "";
const mp = await loadMicroPython({
  stdout: (line) => { out += line + "\n"; },
  stderr: (line) => { err += line + "\n"; },
});
mp.FS.mkdirTree("/work");
mp.FS.chdir("/work");
for (const [path, text] of Object.entries(job.files)) {
  const dir = path.split("/").slice(0, -1).join("/");
  if (dir) mp.FS.mkdirTree("/work/" + dir);
  mp.FS.writeFile("/work/" + path, text);
}
for (const [path, base64] of Object.entries(job.binary || {})) {
  const dir = path.split("/").slice(0, -1).join("/");
  if (dir) mp.FS.mkdirTree("/work/" + dir);
  mp.FS.writeFile("/work/" + path, Buffer.from(base64, "base64"));
}
try {
  mp.runPython("import sys\nsys.path.insert(0, '/work')\n" + job.script);
} catch (error) {
  process.stdout.write(out);
  process.stderr.write(err + String(error.message || error) + "\n");
  process.exit(1);
}
process.stdout.write(out);
