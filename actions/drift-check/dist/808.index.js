export const id = 808;
export const ids = [808];
export const modules = {

/***/ 8808:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  probesFor: () => (/* binding */ probesFor)
});

// UNUSED EXPORTS: caFile

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./actions/shared/adapters/hcl-parse.ts
/** How many parsed sources are kept (a rehearsal parses ~10 distinct files; a drift check ~6). */
const KEEP = 64;
/** Successful parses by source text; each caller gets its own copy. */
const parsed = new Map();
/**
 * @cdktf/hcl2json's `parse`, remembered by source text. Its WebAssembly parser is a pure function
 * of the text (the file name only appears in error messages, so failures are never remembered and
 * are re-parsed under their own name), and a first parse costs hundreds of milliseconds while the
 * Go runtime warms up: `elm-infra rehearse` parsed each job file up to four times (catalog, the
 * declared-variable check, the simulated agent's /v1/jobs/parse). The module is loaded on the first
 * call, not at start-up (it instantiates ~60 MiB of WebAssembly).
 */
async function hcl_parse_parseHcl(filename, source) {
    const hit = parsed.get(source);
    if (hit !== undefined)
        return structuredClone(hit);
    const { parse } = await Promise.all(/* import() */[__webpack_require__.e(382), __webpack_require__.e(79)]).then(__webpack_require__.t.bind(__webpack_require__, 4382, 23));
    const value = await parse(filename, source);
    if (parsed.size >= KEEP)
        parsed.delete(parsed.keys().next().value ?? '');
    parsed.set(source, value);
    return structuredClone(value);
}

// EXTERNAL MODULE: ./actions/shared/errors.ts
var errors = __webpack_require__(9223);
;// CONCATENATED MODULE: ./actions/shared/catalog/catalog.ts

function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** hcl2json turns every block into an array of bodies; this takes the first body of `key`. */
function firstBlock(body, key) {
    const value = body[key];
    if (Array.isArray(value))
        return value.find(isRecord);
    return isRecord(value) ? value : undefined;
}
/** Labelled blocks (`group "web" {}`) come out as {label: [body]}; this lists [label, body]. */
function labelled(body, key) {
    const value = body[key];
    if (!isRecord(value))
        return [];
    return Object.entries(value).flatMap(([label, bodies]) => Array.isArray(bodies) ? bodies.filter(isRecord).map((b) => [label, b]) : []);
}
function asArray(v) {
    if (Array.isArray(v))
        return v.filter(isRecord);
    return isRecord(v) ? [v] : [];
}
/** Reads the job ID and type out of a parsed job file (hcl2json output). */
function readJobEntry(jobFile, parsed) {
    if (!isRecord(parsed))
        throw new errors/* ConfigError */.xL(`${jobFile}: not an HCL job file`);
    const jobs = labelled(parsed, 'job');
    const [job] = jobs;
    if (jobs.length !== 1 || job === undefined) {
        throw new errors/* ConfigError */.xL(`${jobFile}: expected exactly one job block, found ${jobs.length}`);
    }
    const [jobId, body] = job;
    const type = typeof body['type'] === 'string' ? body['type'] : 'service';
    if (type === 'service' || type === 'system')
        refuseUndeployedGroups(jobFile, body);
    return { jobId, jobFile, type };
}
/**
 * A group with `max_parallel = 0` gets no deployment state, so beside a group that has one, the
 * deployment completes without ever checking its allocations' health
 * (scheduler/reconciler/reconcile_cluster.go `isDeploymentComplete` looks only at the groups in
 * `DeploymentCurrent.TaskGroups`; reconcile_node.go: "maxParallel of 0 means no deployments";
 * hashicorp/nomad v2.0.5): its failing allocations would read as a successful deploy. Refused.
 * The effective value is the group's, else the job's, else Nomad's default 1 (api/jobs.go
 * `DefaultUpdateStrategy`, merged per group by api/tasks.go `TaskGroup.Canonicalize`).
 */
function refuseUndeployedGroups(jobFile, job) {
    const maxParallel = (update) => typeof update?.['max_parallel'] === 'number' ? update['max_parallel'] : undefined;
    const jobLevel = maxParallel(firstBlock(job, 'update'));
    const groups = labelled(job, 'group').map(([name, group]) => [name, maxParallel(firstBlock(group, 'update')) ?? jobLevel ?? 1]);
    const undeployed = groups.filter(([, n]) => n === 0).map(([name]) => name);
    const deployed = groups.filter(([, n]) => n > 0).map(([name]) => name);
    if (undeployed.length > 0 && deployed.length > 0) {
        throw new errors/* ConfigError */.xL(`${jobFile}: group(s) ${undeployed.map(g => `"${g}"`).join(', ')} have max_parallel = 0 beside deployed group(s) ${deployed.map(g => `"${g}"`).join(', ')}: Nomad's deployment never checks their health, so their failures would pass as success. Accepted: max_parallel >= 1 in every group (or 0 in all of them).`);
    }
}
/** Builds a Service from its name and parsed job file, or says exactly what the job file lacks. */
function readService(name, jobFile, parsed) {
    const entry = readJobEntry(jobFile, parsed);
    const job = labelled(parsed, 'job')[0]?.[1] ?? {};
    const meta = firstBlock(job, 'meta') ?? {};
    const image = meta['image'];
    const url = meta['url'];
    if (typeof image !== 'string' || !/^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+$/.test(image)) {
        throw new errors/* ConfigError */.xL(`${jobFile}: meta.image must be an image repository without tag (e.g. "ghcr.io/elm/${name}"), got ${JSON.stringify(image)}`);
    }
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) {
        throw new errors/* ConfigError */.xL(`${jobFile}: meta.url must be the service's public URL, got ${JSON.stringify(url)}`);
    }
    const checks = labelled(job, 'group').flatMap(([, group]) => asArray(group['service']).flatMap(service => asArray(service['check'])));
    const http = checks.find(c => c['type'] === 'http' && typeof c['path'] === 'string');
    if (http === undefined) {
        throw new errors/* ConfigError */.xL(`${jobFile}: the service needs a Consul check with type = "http" and a path`);
    }
    const ports = labelled(job, 'group').flatMap(([, group]) => asArray(group['network']).flatMap(network => labelled(network, 'port')));
    const to = ports.find(([label]) => label === 'http')?.[1]['to'];
    return {
        name,
        jobId: entry.jobId,
        image,
        context: `docker/${name}`,
        jobFile,
        healthPath: String(http['path']),
        publicUrl: url,
        ...(typeof to === 'number' ? { port: to } : {})
    };
}
/** Looks a service up by name, with an error listing the known ones. */
function findService(catalog, name) {
    const service = catalog.services.find(s => s.name === name);
    if (service === undefined) {
        throw new ConfigError(`Unknown service '${name}': expected one of ${catalog.services.map(s => s.name).join(', ')}`);
    }
    return service;
}

;// CONCATENATED MODULE: ./actions/shared/catalog/load-catalog.ts






/** Parses one job file with the real HCL parser; syntax errors become ConfigErrors with the position. */
async function parseHclFile(root, file) {
    const source = await (0,promises_.readFile)((0,external_node_path_.join)(root, file), 'utf8');
    try {
        // Loaded on the first parse, not at start-up (hcl-parse.ts); remembered for later parses.
        return await hcl_parse_parseHcl(file, source);
    }
    catch (error) {
        throw new errors/* ConfigError */.xL(`${file}: HCL does not parse: ${String(error instanceof Error ? error.message : error)}`);
    }
}
/** Reads docker/ and nomad/ under `root` into the catalog. */
async function loadCatalog(root) {
    const nomadDir = (0,external_node_path_.join)(root, 'nomad');
    const jobFiles = (0,external_node_fs_.existsSync)(nomadDir)
        ? (await (0,promises_.readdir)(nomadDir)).filter(f => f.endsWith('.nomad.hcl')).sort()
        : [];
    const dockerDir = (0,external_node_path_.join)(root, 'docker');
    const contexts = (0,external_node_fs_.existsSync)(dockerDir)
        ? (await (0,promises_.readdir)(dockerDir, { withFileTypes: true }))
            .filter(d => d.isDirectory())
            .map(d => d.name)
            .sort()
        : [];
    const jobs = [];
    const services = [];
    for (const file of jobFiles) {
        const rel = `nomad/${file}`;
        const parsed = await parseHclFile(root, rel);
        const name = file.slice(0, -'.nomad.hcl'.length);
        jobs.push(readJobEntry(rel, parsed));
        if (contexts.includes(name))
            services.push(readService(name, rel, parsed));
    }
    for (const name of contexts) {
        if (!jobFiles.includes(`${name}.nomad.hcl`)) {
            throw new errors/* ConfigError */.xL(`docker/${name}/ has no job file nomad/${name}.nomad.hcl: every image needs a job`);
        }
        if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dockerDir, name, 'Dockerfile'))) {
            throw new errors/* ConfigError */.xL(`docker/${name}/ has no Dockerfile`);
        }
    }
    return { services, jobs };
}

;// CONCATENATED MODULE: ./actions/shared/ansible/render.ts
/** Markdown cells: pipes and newlines would break the table. */
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
/** The per-host recap as a markdown table (ok / changed / failed / unreachable / skipped). */
function renderRecapTable(report) {
    if (report.recap.length === 0)
        return '_No host was run (empty inventory or no matching hosts)._\n';
    const rows = report.recap.map(r => {
        const status = r.unreachable > 0 ? '⚠️ unreachable' : r.failed > 0 ? '❌ failed' : '✅ ok';
        return `| ${cell(r.host)} | ${status} | ${r.ok} | ${r.changed} | ${r.failed} | ${r.unreachable} | ${r.skipped} |`;
    });
    return [
        '| host | result | ok | changed | failed | unreachable | skipped |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
        ...rows,
        ''
    ].join('\n');
}
/** Changed tasks grouped by host, in run order. */
function groupChangesByHost(changes) {
    const byHost = new Map();
    for (const c of changes) {
        const tasks = byHost.get(c.host) ?? [];
        tasks.push(c.task);
        byHost.set(c.host, tasks);
    }
    return byHost;
}
/** The changed tasks per host; `heading` says what they mean (drift in check mode). */
function renderChanges(report, heading) {
    if (report.changes.length === 0)
        return '';
    const lines = [`### ${heading}`, ''];
    for (const [host, tasks] of groupChangesByHost(report.changes)) {
        lines.push(`- **${cell(host)}**`);
        for (const task of tasks)
            lines.push(`  - ${cell(task)}`);
    }
    return [...lines, ''].join('\n');
}
/** Failures: host, task and Ansible's message. */
function renderFailures(report) {
    if (report.failures.length === 0)
        return '';
    const rows = report.failures.map(f => `| ${cell(f.host)} | ${f.unreachable ? 'unreachable' : 'failed'} | ${cell(f.task)} | ${cell(f.message)} |`);
    return [
        '### Failures',
        '',
        '| host | what | task | message |',
        '| --- | --- | --- | --- |',
        ...rows,
        ''
    ].join('\n');
}
/** One line per failure, for the error that fails the step. */
function describeFailures(report) {
    return report.failures
        .map(f => `${f.host}: ${f.unreachable ? 'unreachable at' : 'failed at'} task '${f.task}': ${f.message}`)
        .join('\n');
}
/** The whole step summary for one playbook run. */
function renderPlaybookSummary(report, mode) {
    const title = mode === 'check' ? 'Ansible check (--check --diff)' : 'Ansible apply';
    const changes = mode === 'check'
        ? renderChanges(report, 'Drift: tasks that would change')
        : renderChanges(report, 'Changed tasks');
    const verdict = mode === 'check' && report.changes.length === 0 && report.failures.length === 0
        ? 'No drift: every host matches the playbook.\n'
        : '';
    return [`## ${title}`, '', renderRecapTable(report), verdict, changes, renderFailures(report)]
        .filter(part => part !== '')
        .join('\n');
}

// EXTERNAL MODULE: ./actions/shared/cut-text.ts
var cut_text = __webpack_require__(1072);
;// CONCATENATED MODULE: ./actions/shared/ansible/report.ts
/**
 * The JSON stdout callback's document (`ANSIBLE_STDOUT_CALLBACK=json`, ansible.posix.json in
 * ansible-core 2.14) turned into what we report: a per-host recap, the changed tasks per host (drift
 * in check mode) and the failures. Pure: no I/O.
 *
 * Shape (checked against real runs, see fixtures/): `{plays: [{play: {name}, tasks: [{task: {name},
 * hosts: {<host>: <result>}}]}], stats: {<host>: {ok, changed, failures, unreachable, skipped,
 * rescued, ignored}}}`. With `serial`, each batch is a separate entry in `plays`. Handlers appear as
 * tasks. The callback drops the ignore_errors flag, so an ignored failure looks like a real one:
 * `stats.failures` is the truth, and a host's real failures are its last `failures` failed results
 * (Ansible stops a host at its first unignored failure).
 */

function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function report_asArray(value) {
    return Array.isArray(value) ? value : [];
}
function count(stats, key) {
    const value = stats[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
/** Finds the JSON document in stdout: the callback prints it last, as one object. */
function findDocument(stdout) {
    const start = stdout.search(/^\{/m);
    if (start < 0)
        return undefined;
    try {
        return JSON.parse(stdout.slice(start));
    }
    catch {
        return undefined;
    }
}
const MAX_MESSAGE = 400;
/** One line; a long one keeps its start and its end, where ssh and modules put the verdict. */
function shorten(text) {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return (0,cut_text/* cutText */.IN)(oneLine, MAX_MESSAGE, { keep: 'middle', ellipsis: ' … ' });
}
/** A result's reason in one line: msg, else the last stderr line, else the first failed item's. */
function describeResult(result) {
    const items = report_asArray(result['results']).filter(isObject);
    const failedItem = items.find(i => i['failed'] === true || i['unreachable'] === true);
    const msg = typeof result['msg'] === 'string' ? result['msg'] : '';
    if (failedItem &&
        (msg === '' || msg === 'One or more items failed' || msg.startsWith('All items'))) {
        const label = failedItem['_ansible_item_label'] ?? failedItem['item'];
        const prefix = typeof label === 'string' ? `item ${label}: ` : '';
        return prefix + describeResult(failedItem);
    }
    const stderr = typeof result['stderr'] === 'string' ? result['stderr'].trim() : '';
    const lastStderr = stderr.split('\n').pop() ?? '';
    const text = [msg, lastStderr].filter(t => t !== '').join(': ');
    return shorten(text === '' ? 'failed (no message)' : text);
}
function isUnreachable(result) {
    if (result['unreachable'] === true)
        return true;
    const items = report_asArray(result['results']).filter(isObject);
    return items.length > 0 && items.every(i => i['unreachable'] === true);
}
function outcomes(plays) {
    const out = [];
    for (const entry of plays.filter(isObject)) {
        const play = isObject(entry['play']) ? String(entry['play']['name'] ?? '') : '';
        for (const t of report_asArray(entry['tasks']).filter(isObject)) {
            const task = isObject(t['task']) ? String(t['task']['name'] ?? '') : '';
            const hosts = isObject(t['hosts']) ? t['hosts'] : {};
            for (const [host, result] of Object.entries(hosts)) {
                if (isObject(result))
                    out.push({ host, play, task, result });
            }
        }
    }
    return out;
}
/** The last `n` items of a list (none when n ≤ 0). */
function lastN(items, n) {
    return n > 0 ? items.slice(-n) : [];
}
/** Parses the callback's stdout into a report, or says why it cannot. */
function parsePlaybookReport(stdout) {
    const doc = findDocument(stdout);
    if (!isObject(doc) || !isObject(doc['stats']) || !Array.isArray(doc['plays'])) {
        return { ok: false, reason: 'no JSON report from ansible-playbook (is the json callback on?)' };
    }
    const stats = doc['stats'];
    const recap = Object.keys(stats)
        .sort()
        .map(host => {
        const s = isObject(stats[host]) ? stats[host] : {};
        return {
            host,
            ok: count(s, 'ok'),
            changed: count(s, 'changed'),
            failed: count(s, 'failures'),
            unreachable: count(s, 'unreachable'),
            skipped: count(s, 'skipped'),
            rescued: count(s, 'rescued'),
            ignored: count(s, 'ignored')
        };
    });
    const all = outcomes(doc['plays']);
    const changes = all
        .filter(o => o.result['changed'] === true && o.result['failed'] !== true)
        .map(o => ({ host: o.host, play: o.play, task: o.task }));
    const failures = recap.flatMap(r => {
        const mine = all.filter(o => o.host === r.host);
        const unreachable = lastN(mine.filter(o => isUnreachable(o.result)), r.unreachable);
        const failed = lastN(mine.filter(o => o.result['failed'] === true && !isUnreachable(o.result)), r.failed);
        return [...failed, ...unreachable].map(o => ({
            host: o.host,
            task: o.task,
            message: describeResult(o.result),
            unreachable: isUnreachable(o.result)
        }));
    });
    return { ok: true, report: { recap, changes, failures } };
}

;// CONCATENATED MODULE: ./actions/shared/ansible/run-playbook.ts


/** The exact command line and environment for a run (pure). */
function buildPlaybookCommand(run) {
    const args = [run.playbook];
    if (run.inventory)
        args.push('--inventory', run.inventory);
    for (const file of run.extraVarsFiles ?? [])
        args.push('--extra-vars', `@${file}`);
    if (run.privateKeyFile)
        args.push('--private-key', run.privateKeyFile);
    if (run.user)
        args.push('--user', run.user);
    if (run.limit)
        args.push('--limit', run.limit);
    if (run.knownHostsFile) {
        args.push(`--ssh-common-args=-o UserKnownHostsFile=${run.knownHostsFile} -o StrictHostKeyChecking=yes`);
    }
    if (run.mode === 'check')
        args.push('--check', '--diff');
    const env = {
        ANSIBLE_CONFIG: (0,external_node_path_.join)(run.directory, 'ansible.cfg'),
        ANSIBLE_STDOUT_CALLBACK: 'json',
        ANSIBLE_HOST_KEY_CHECKING: 'True',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_FORCE_COLOR: '0',
        ANSIBLE_RETRY_FILES_ENABLED: 'False',
        PYTHONUNBUFFERED: '1',
        ...(run.controlPathDir ? { ANSIBLE_SSH_CONTROL_PATH_DIR: run.controlPathDir } : {}),
        ...(run.terraformOutputsFile ? { ELM_INFRA_TERRAFORM_OUTPUTS: run.terraformOutputsFile } : {}),
        ...run.env
    };
    return { command: 'ansible-playbook', args, env };
}
/** The last few lines of stderr: where ansible-playbook says why it stopped before any host. */
function tail(text, lines = 12) {
    return text.trim().split('\n').slice(-lines).join('\n');
}
/**
 * Runs the playbook and parses its JSON report. `ok: false` when there is no report (a syntax
 * error, a missing inventory, a bad option): the reason carries stderr's last lines.
 */
async function run_playbook_runPlaybook(runner, run) {
    const { command, args, env } = buildPlaybookCommand(run);
    let result;
    try {
        result = await runner.run(command, args, { cwd: run.directory, env });
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return {
            ok: false,
            exitCode: -1,
            reason: `could not run ${command} (is Ansible installed?): ${why}`
        };
    }
    const parsed = parsePlaybookReport(result.stdout);
    if (parsed.ok)
        return { ok: true, exitCode: result.exitCode, report: parsed.report };
    const said = tail(`${result.stderr}\n${result.stdout}`);
    return {
        ok: false,
        exitCode: result.exitCode,
        reason: `ansible-playbook exited ${result.exitCode} without a report: ${parsed.reason}${said ? `\n${said}` : ''}`
    };
}

;// CONCATENATED MODULE: ./actions/shared/ansible/check-drift.ts


/** Drift from a check-mode report (pure). */
function driftFromReport(report) {
    const hosts = [...groupChangesByHost(report.changes)].map(([host, changedTasks]) => ({
        host,
        changedTasks
    }));
    if (report.failures.length > 0) {
        const reason = report.failures
            .map(f => `${f.host} ${f.unreachable ? 'unreachable' : 'failed'} at '${f.task}': ${f.message}`)
            .join('; ');
        return { status: 'unknown', reason, hosts };
    }
    return { status: 'checked', drift: hosts.length > 0, hosts };
}
/**
 * Runs the playbook in check mode (`--check --diff`) and returns the changed tasks per host. For
 * the drift check; the same run as the ansible action's `mode: check`.
 */
async function checkAnsibleDrift(runner, run) {
    const outcome = await runPlaybook(runner, { ...run, mode: 'check' });
    if (!outcome.ok)
        return { status: 'unknown', reason: outcome.reason, hosts: [] };
    return driftFromReport(outcome.report);
}

// EXTERNAL MODULE: ./actions/shared/mask-secret.ts
var mask_secret = __webpack_require__(7433);
;// CONCATENATED MODULE: ./actions/shared/ansible/host-keys.ts

/** The key types ssh accepts in known_hosts that Terraform's tls provider can make. */
const KEY = /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2}$/;
/** A host as ssh and ansible_host take it here: an IPv4/IPv6 address or a DNS name. */
const HOST = /^[A-Za-z0-9.:-]+$/;
function outputValue(outputs, name) {
    if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs))
        return undefined;
    const value = outputs[name];
    if (typeof value === 'object' && value !== null && 'value' in value)
        return value.value;
    return value;
}
/**
 * The `nodes` list from `terraform output -json` (the whole document, or the `nodes` value: a list,
 * or a map from name to node), read the way ansible/inventory/terraform.py reads it.
 */
function nodesOf(outputs) {
    let nodes = outputs;
    if (typeof outputs === 'object' && outputs !== null && !Array.isArray(outputs)) {
        nodes = 'nodes' in outputs ? outputValue(outputs, 'nodes') : outputs;
    }
    if (typeof nodes === 'object' && nodes !== null && !Array.isArray(nodes)) {
        nodes = Object.entries(nodes)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .filter(([, v]) => typeof v === 'object' && v !== null)
            .map(([name, v]) => ({ ...v, name }));
    }
    if (!Array.isArray(nodes))
        return [];
    return nodes.filter((n) => typeof n === 'object' && n !== null);
}
/**
 * Every node's host key from the outputs; nodes without `ssh_host_key` are left out (an older
 * state, or a hand-made document: their keys must then come from the known-hosts input). A key or
 * host that is not what ssh reads is an error naming the node, never a line ssh would skip.
 */
function hostKeysFromOutputs(outputs) {
    return nodesOf(outputs).flatMap(node => {
        const name = typeof node['name'] === 'string' ? node['name'] : '(unnamed node)';
        const raw = node['ssh_host_key'];
        if (raw === undefined || raw === null || raw === '')
            return [];
        const key = typeof raw === 'string' ? raw.trim().split(/\s+/).slice(0, 2).join(' ') : '';
        if (!KEY.test(key))
            throw new errors/* InputError */.dz(`Terraform's nodes output: ${name} has an ssh_host_key that is not an OpenSSH public key: expected '<type> <base64>', e.g. 'ssh-ed25519 AAAAC3Nza…' (tls_private_key's public_key_openssh).`);
        const host = node['public_ip'];
        if (typeof host !== 'string' || !HOST.test(host))
            throw new errors/* InputError */.dz(`Terraform's nodes output: ${name} has an ssh_host_key but no public_ip to pin it to: expected an IP address.`);
        const port = node['ssh_port'] ?? 22;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
            throw new errors/* InputError */.dz(`Terraform's nodes output: ${name} has ssh_port ${JSON.stringify(port)}: expected a port from 1 to 65535 (22 when absent).`);
        return [{ name, host, port, key }];
    });
}
/** One known_hosts line per node (sshd(8): `[host]:port` when the port is not 22). */
function knownHostsLines(keys) {
    return keys.map(k => {
        const host = k.port === 22 ? k.host : `[${k.host}]:${k.port}`;
        return `${host} ${k.key} ${k.name.replace(/\s+/g, '_')}`;
    });
}
/**
 * known_hosts for a run: the lines given by hand (the known-hosts input, if any) followed by the
 * lines from Terraform's outputs. Undefined when neither has any (then ssh has nothing to verify
 * against and every host fails, as it should).
 */
function knownHostsFor(given, terraformOutputsText) {
    const fromOutputs = terraformOutputsText === undefined
        ? []
        : knownHostsLines(hostKeysFromOutputs(JSON.parse(terraformOutputsText)));
    const lines = [...(given ?? '').split('\n').filter(l => l.trim() !== ''), ...fromOutputs];
    return lines.length === 0 ? undefined : `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./actions/shared/ansible/secret-files.ts



/** Creates the folder under `parent` (the runner's RUNNER_TEMP, else the OS temp folder). */
async function createSecretFiles(parent = (0,external_node_os_.tmpdir)()) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, 'elm-infra-ansible-'));
    await (0,promises_.chmod)(dir, 0o700);
    let controlDir;
    try {
        controlDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'eia-'));
        await (0,promises_.chmod)(controlDir, 0o700);
    }
    catch (error) {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        throw error;
    }
    return {
        dir,
        controlDir,
        async write(name, content) {
            const path = (0,external_node_path_.join)(dir, name);
            await (0,promises_.writeFile)(path, content, { mode: 0o600, flag: 'wx' });
            await (0,promises_.chmod)(path, 0o600);
            return path;
        },
        async remove() {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
            await (0,promises_.rm)(controlDir, { recursive: true, force: true });
        }
    };
}

;// CONCATENATED MODULE: ./actions/shared/ansible/run-with-secrets.ts




/** Every secret value a run was given, to redact from text leaving the log. */
function secretsOf(run) {
    return [
        ...(run.privateKey ? [run.privateKey] : []),
        ...(run.extraVars?.secrets ?? []),
        ...(run.terraformOutputs?.secrets ?? [])
    ];
}
const newlineEnded = (text) => (text.endsWith('\n') ? text : `${text}\n`);
/**
 * The one way to run a playbook with secrets: writes them to 0600 files in a private 0700 folder
 * (SSH's ControlPersist sockets in another, so no later run reuses a master connection), runs the
 * playbook, and removes both folders whatever happens. A failure reason never carries a secret.
 */
async function runPlaybookWithSecrets(runner, run) {
    const { privateKey, knownHosts, extraVars, terraformOutputs, secretsParent, createSecretFiles: create, ...rest } = run;
    // Before any file is written: a malformed ssh_host_key stops the run (no ssh started), never a
    // skipped line. It carries no secret: host public keys and addresses only.
    let trusted;
    try {
        trusted = knownHostsFor(knownHosts, terraformOutputs?.text);
    }
    catch (error) {
        return { ok: false, exitCode: 2, reason: error.message };
    }
    const files = await (create ? create() : createSecretFiles(secretsParent));
    try {
        const outcome = await run_playbook_runPlaybook(runner, {
            ...rest,
            controlPathDir: files.controlDir,
            ...(privateKey
                ? { privateKeyFile: await files.write('id_ssh', newlineEnded(privateKey)) }
                : {}),
            ...(trusted ? { knownHostsFile: await files.write('known_hosts', trusted) } : {}),
            extraVarsFiles: extraVars ? [await files.write('extra-vars.yml', extraVars.text)] : [],
            ...(terraformOutputs
                ? {
                    terraformOutputsFile: await files.write('terraform-outputs.json', terraformOutputs.text)
                }
                : {})
        });
        return outcome.ok
            ? outcome
            : { ...outcome, reason: (0,mask_secret/* redactSecrets */.fp)(outcome.reason, secretsOf(run)) };
    }
    finally {
        await files.remove();
    }
}

;// CONCATENATED MODULE: ./actions/shared/drift/ansible-drift.ts
/**
 * Ansible's part of the drift report, from the playbook in check mode (actions/shared/ansible's
 * checkAnsibleDrift): a task that would change a host is drift on that host; a failed or
 * unreachable host, or no report at all, makes the layer unknown, unless drift was seen anyway.
 */
const MAX_TASKS = 10;
function hostItem(host, tasks) {
    const shown = tasks.slice(0, MAX_TASKS).join('; ');
    const more = tasks.length > MAX_TASKS ? ` (+${tasks.length - MAX_TASKS} more)` : '';
    const noun = tasks.length === 1 ? 'task' : 'tasks';
    return { subject: host, detail: `${tasks.length} changed ${noun}: ${shown}${more}` };
}
/** The Ansible layer result from a check-mode run (`counts`: hosts checked and left out, when known). */
function ansibleLayer(drift, counts) {
    const items = drift.hosts
        .filter(h => h.changedTasks.length > 0)
        .map(h => hostItem(h.host, h.changedTasks));
    const summary = `${items.length} ${items.length === 1 ? 'host differs' : 'hosts differ'}`;
    if (drift.status === 'unknown' && items.length === 0) {
        const partly = counts
            ? `${counts.checked} ${counts.checked === 1 ? 'host' : 'hosts'} in sync, ${counts.notChecked} not checked`
            : undefined;
        return {
            layer: 'ansible',
            status: 'unknown',
            summary: partly ?? 'could not be checked',
            items,
            reason: drift.reason
        };
    }
    if (drift.status === 'unknown') {
        const partial = counts
            ? `${summary}, ${counts.notChecked} not checked`
            : `${summary}, not every host could be checked`;
        return { layer: 'ansible', status: 'drift', summary: partial, items, reason: drift.reason };
    }
    return { layer: 'ansible', status: items.length > 0 ? 'drift' : 'in-sync', summary, items };
}

;// CONCATENATED MODULE: ./actions/shared/drift/ansible-probe.ts




/** Runs at most this many times: each rerun leaves out at least one more host. */
const MAX_RUNS = 10;
/** `all:!a:!b`: every host except those already known to fail (Ansible's host pattern syntax). */
function limitExcluding(hosts) {
    return hosts.length === 0 ? undefined : ['all', ...hosts.map(h => `!${h}`)].join(':');
}
/**
 * The playbook in check mode (`--check --diff`) with its secrets (SSH key, known_hosts, extra vars,
 * Terraform outputs), through the ansible module's runPlaybookWithSecrets and report parser.
 *
 * Every host is checked even when one cannot be reached: the playbooks roll with `serial: 1` and
 * `max_fail_percentage: 0`, so Ansible ends the play at the first unreachable or failed host and the
 * later hosts are never looked at. Check mode restarts nothing, so the check reruns the playbook
 * with the failed hosts left out (`--limit all:!host…`) until a run fails no new host; the drift
 * comes from that last run, and the hosts left out are named as not checked. A run without a report
 * is unknown with ansible's own words; no secret reaches the layer's reason.
 */
async function probeAnsible(options) {
    const { runner, ...run } = options;
    const failures = [];
    for (let attempt = 1;; attempt++) {
        const excluded = [...new Set(failures.map(f => f.host))];
        const limit = limitExcluding(excluded);
        const outcome = await runPlaybookWithSecrets(runner, {
            ...run,
            mode: 'check',
            ...(limit ? { limit } : {})
        });
        if (!outcome.ok) {
            const reason = failures.length > 0 ? `${outcome.reason}; ${ansible_probe_describeFailures(failures)}` : outcome.reason;
            return ansibleLayer({ status: 'unknown', reason: redact(reason, options), hosts: [] });
        }
        const fresh = outcome.report.failures.filter(f => !excluded.includes(f.host));
        // An inventory that matched nothing runs no host at all: that is not "no drift".
        if (outcome.report.recap.length === 0 && failures.length === 0) {
            return ansibleLayer({
                status: 'unknown',
                reason: 'the inventory matched no hosts; nothing was checked',
                hosts: []
            });
        }
        if (fresh.length > 0 && attempt < MAX_RUNS) {
            failures.push(...fresh);
            continue;
        }
        const all = [...failures, ...fresh];
        const drift = driftFromReport({ ...outcome.report, failures: [] });
        if (all.length === 0)
            return ansibleLayer(drift);
        // The reason (a failed task's message) goes into the drift issue, where no masking applies.
        const checked = outcome.report.recap.filter(r => !all.some(f => f.host === r.host)).length;
        return ansibleLayer({ status: 'unknown', reason: redact(ansible_probe_describeFailures(all), options), hosts: drift.hosts }, { checked, notChecked: new Set(all.map(f => f.host)).size });
    }
}
function ansible_probe_describeFailures(failures) {
    const named = failures.map(f => `${f.host} ${f.unreachable ? 'unreachable' : 'failed'} at '${f.task}': ${f.message}`);
    return `not checked: ${named.join('; ')}`;
}
const redact = (text, options) => (0,mask_secret/* redactSecrets */.fp)(text, secretsOf(options));

;// CONCATENATED MODULE: ./node_modules/yocto-queue/index.js
/*
How it works:
`this.#head` is an instance of `Node` which keeps track of its current value and nests another instance of `Node` that keeps the value that comes after it. When a value is provided to `.enqueue()`, the code needs to iterate through `this.#head`, going deeper and deeper to find the last value. However, iterating through every single item is slow. This problem is solved by saving a reference to the last value as `this.#tail` so that it can reference it to add a new value.
*/

class Node {
	value;
	next;

	constructor(value) {
		this.value = value;
	}
}

class Queue {
	#head;
	#tail;
	#size;

	constructor() {
		this.clear();
	}

	enqueue(value) {
		const node = new Node(value);

		if (this.#head) {
			this.#tail.next = node;
			this.#tail = node;
		} else {
			this.#head = node;
			this.#tail = node;
		}

		this.#size++;
	}

	dequeue() {
		const current = this.#head;
		if (!current) {
			return;
		}

		this.#head = this.#head.next;
		this.#size--;

		// Clean up tail reference when queue becomes empty
		if (!this.#head) {
			this.#tail = undefined;
		}

		return current.value;
	}

	peek() {
		if (!this.#head) {
			return;
		}

		return this.#head.value;

		// TODO: Node.js 18.
		// return this.#head?.value;
	}

	clear() {
		this.#head = undefined;
		this.#tail = undefined;
		this.#size = 0;
	}

	get size() {
		return this.#size;
	}

	* [Symbol.iterator]() {
		let current = this.#head;

		while (current) {
			yield current.value;
			current = current.next;
		}
	}

	* drain() {
		while (this.#head) {
			yield this.dequeue();
		}
	}
}

;// CONCATENATED MODULE: ./node_modules/p-limit/index.js


function pLimit(concurrency) {
	let rejectOnClear = false;

	if (typeof concurrency === 'object') {
		({concurrency, rejectOnClear = false} = concurrency);
	}

	validateConcurrency(concurrency);

	if (typeof rejectOnClear !== 'boolean') {
		throw new TypeError('Expected `rejectOnClear` to be a boolean');
	}

	const queue = new Queue();
	let activeCount = 0;

	const resumeNext = () => {
		// Process the next queued function if we're under the concurrency limit
		if (activeCount < concurrency && queue.size > 0) {
			activeCount++;
			queue.dequeue().run();
		}
	};

	const next = () => {
		activeCount--;
		resumeNext();
	};

	const run = async (function_, resolve, arguments_) => {
		// Execute the function and capture the result promise
		const result = (async () => function_(...arguments_))();

		// Resolve immediately with the promise (don't wait for completion)
		resolve(result);

		// Wait for the function to complete (success or failure)
		// We catch errors here to prevent unhandled rejections,
		// but the original promise rejection is preserved for the caller
		try {
			await result;
		} catch {}

		// Decrement active count and process next queued function
		next();
	};

	const enqueue = (function_, resolve, reject, arguments_) => {
		const queueItem = {reject};

		// Queue the internal resolve function instead of the run function
		// to preserve the asynchronous execution context.
		new Promise(internalResolve => { // eslint-disable-line promise/param-names
			queueItem.run = internalResolve;
			queue.enqueue(queueItem);
		}).then(run.bind(undefined, function_, resolve, arguments_)); // eslint-disable-line promise/prefer-await-to-then

		// Start processing immediately if we haven't reached the concurrency limit
		if (activeCount < concurrency) {
			resumeNext();
		}
	};

	const generator = (function_, ...arguments_) => new Promise((resolve, reject) => {
		enqueue(function_, resolve, reject, arguments_);
	});

	Object.defineProperties(generator, {
		activeCount: {
			get: () => activeCount,
		},
		pendingCount: {
			get: () => queue.size,
		},
		clearQueue: {
			value() {
				if (!rejectOnClear) {
					queue.clear();
					return;
				}

				const abortError = AbortSignal.abort().reason;

				while (queue.size > 0) {
					queue.dequeue().reject(abortError);
				}
			},
		},
		concurrency: {
			get: () => concurrency,

			set(newConcurrency) {
				validateConcurrency(newConcurrency);
				concurrency = newConcurrency;

				queueMicrotask(() => {
					// eslint-disable-next-line no-unmodified-loop-condition
					while (activeCount < concurrency && queue.size > 0) {
						resumeNext();
					}
				});
			},
		},
		map: {
			async value(iterable, function_) {
				const promises = Array.from(iterable, (value, index) => this(function_, value, index));
				return Promise.all(promises);
			},
		},
	});

	return generator;
}

function limitFunction(function_, options) {
	const limit = pLimit(options);

	return (...arguments_) => limit(() => function_(...arguments_));
}

function validateConcurrency(concurrency) {
	if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
		throw new TypeError('Expected `concurrency` to be a number from 1 and up');
	}
}

;// CONCATENATED MODULE: ./actions/shared/nomad/job-diff/field-diff.ts
/**
 * A read-only, field-by-field diff of two Nomad jobs: the running one (`GET /v1/job/:id`, a
 * structs.Job as JSON) and the one the repository would submit (`POST /v1/jobs/parse` with
 * `Canonicalize: true`, an api.Job as JSON). It stands in for the plan endpoint's diff, which the
 * drift check and PRs may not call: `Job.Plan` checks `submit-job` ("Check job submission
 * permissions, which we assume is the same for plan", hashicorp/nomad v2.0.5
 * nomad/job_endpoint.go `Job.Plan`). Pure: JSON in, changes out.
 *
 * What is compared, after Nomad's own `Job.Diff` (nomad/structs/diff.go):
 * - job-level fields the server sets are ignored, with `Job.Diff`'s filter list (`ID`, `Status`,
 *   `StatusDescription`, `Version`, `Stable`, `CreateIndex`, `ModifyIndex`, `JobModifyIndex`,
 *   `Update`, `SubmitTime`, `NomadTokenID`, `VaultToken`); job-level `Update` is pushed into each
 *   group by canonicalization (see `Job.Diff`'s comment on agent.ApiJobToStructJob);
 * - groups and tasks are matched by `Name` (`taskGroupDiffs`, `taskDiffs`), services and checks too;
 * - a struct field the parsed job leaves unset (null) is the server's to fill (structs.Job has many
 *   fields api.Job lacks, and the server canonicalizes further): not compared;
 * - user-keyed maps (`Meta`, `Env`, a task's `Config`, `Volumes`…) compare every key, so a removed
 *   key is a change; null, [] and {} are the same empty collection;
 * - what the server adds at registration is ignored: implied constraints (`jobImpliedConstraints`
 *   in nomad/job_endpoint_hooks.go: `${attr.vault…}`, `${attr.consul…version}`,
 *   `${attr.nomad.service_discovery}`, `${attr.nomad.version}`, CNI plugin versions,
 *   `${attr.kernel.name} = linux` for bridge networking) and implicit workload identities.
 */
const field_diff_isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `Job.Diff`'s job-level filter (nomad/structs/diff.go `Job.Diff`). */
const JOB_IGNORED = [
    'ID',
    'Status',
    'StatusDescription',
    'Version',
    'Stable',
    'CreateIndex',
    'ModifyIndex',
    'JobModifyIndex',
    'Update',
    'SubmitTime',
    'NomadTokenID',
    'VaultToken'
];
/** Fields whose keys are the user's (compared key by key, both sides). */
const USER_MAPS = new Set([
    'Meta',
    'Env',
    'Config',
    'Volumes',
    'Labels',
    'GetterOptions',
    'GetterHeaders',
    'Options'
]);
/** Lists whose elements carry a name (matched by it, as `Job.Diff` matches groups and tasks). */
const NAMED_LISTS = {
    TaskGroups: { key: 'Name', label: 'group' },
    Tasks: { key: 'Name', label: 'task' },
    Services: { key: 'Name', label: 'service' },
    Checks: { key: 'Name', label: 'check' },
    Templates: { key: 'DestPath', label: 'template' },
    Artifacts: { key: 'RelativeDest', label: 'artifact' },
    VolumeMounts: { key: 'Destination', label: 'mount' }
};
/** LTargets of the constraints the server implies at registration (`jobImpliedConstraints`). */
const IMPLIED_CONSTRAINT = /^\$\{attr\.(vault\.|consul\.(?:[^.}]+\.)?version\}|consul\.dns|nomad\.service_discovery\}|nomad\.version\}|plugins\.cni\.version\.)/;
function isImpliedConstraint(c) {
    if (!field_diff_isRecord(c))
        return false;
    const target = String(c['LTarget'] ?? '');
    if (IMPLIED_CONSTRAINT.test(target))
        return true;
    return target === '${attr.kernel.name}' && c['RTarget'] === 'linux' && c['Operand'] === '=';
}
const isEmpty = (v) => v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (field_diff_isRecord(v) && Object.keys(v).length === 0);
/** Deep equality over JSON values, with every empty collection equal to null. */
function sameValue(a, b) {
    if (isEmpty(a) && isEmpty(b))
        return true;
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
    }
    if (field_diff_isRecord(a) && field_diff_isRecord(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every(k => sameValue(a[k], b[k]));
    }
    return a === b;
}
function diffUserMap(running, proposed, path, out) {
    const a = field_diff_isRecord(running) ? running : {};
    const b = field_diff_isRecord(proposed) ? proposed : {};
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (!sameValue(a[key], b[key]))
            out.push({ path: [...path, key], before: a[key], after: b[key] });
    }
}
function diffNamedList(running, proposed, path, spec, out) {
    const index = (list) => new Map((Array.isArray(list) ? list : []).map((item, i) => [
        field_diff_isRecord(item) && typeof item[spec.key] === 'string' ? String(item[spec.key]) : `#${i}`,
        item
    ]));
    const a = index(running);
    const b = index(proposed);
    for (const name of [...new Set([...a.keys(), ...b.keys()])]) {
        const where = [...path, `${spec.label} ${name}`];
        const before = a.get(name);
        const after = b.get(name);
        if (before === undefined)
            out.push({ path: where, before: undefined, after });
        else if (after === undefined)
            out.push({ path: where, before, after: undefined });
        else
            diffStruct(before, after, where, [spec.key], out);
    }
}
function diffList(running, proposed, path, out) {
    const a = Array.isArray(running) ? running : [];
    const b = Array.isArray(proposed) ? proposed : [];
    const field = path[path.length - 1];
    // Constraints the server implied at registration are not the repo's to declare.
    const kept = field === 'Constraints'
        ? a.filter(c => !isImpliedConstraint(c) || b.some(x => sameValue(x, c)))
        : a;
    if (!sameValue(kept, b))
        out.push({ path, before: kept, after: b });
}
function diffValue(field, running, proposed, path, out) {
    const where = [...path, field];
    const named = NAMED_LISTS[field];
    if (USER_MAPS.has(field))
        diffUserMap(running, proposed, where, out);
    else if (named && (Array.isArray(proposed) || Array.isArray(running)))
        diffNamedList(running, proposed, where, named, out);
    else if (Array.isArray(proposed) || Array.isArray(running))
        diffList(running, proposed, where, out);
    else if (field_diff_isRecord(proposed) && field_diff_isRecord(running))
        diffStruct(running, proposed, where, [], out);
    else if (!sameValue(running, proposed))
        out.push({ path: where, before: running, after: proposed });
}
/**
 * A struct: only the fields the parsed job sets are compared (null there means "the server's
 * default"), except lists, which the repo may empty by removing every block.
 */
function diffStruct(running, proposed, path, ignored, out) {
    const a = field_diff_isRecord(running) ? running : {};
    const b = field_diff_isRecord(proposed) ? proposed : {};
    for (const field of Object.keys(b).sort()) {
        if (ignored.includes(field))
            continue;
        // Implicit workload identities are added by the server (job_endpoint_hook_implicit_identities.go).
        if ((field === 'Identity' || field === 'Identities') && isEmpty(b[field]))
            continue;
        const value = b[field];
        if (value === null || value === undefined) {
            if (USER_MAPS.has(field) || (NAMED_LISTS[field] && Array.isArray(a[field])))
                diffValue(field, a[field], value, path, out);
            continue;
        }
        diffValue(field, a[field], value, path, out);
    }
}
/** Every field where the repo's parsed job differs from the running one; [] when in sync. */
function diffJobFields(running, proposed) {
    const out = [];
    diffStruct(running, proposed, [], JOB_IGNORED, out);
    return out;
}
const SECRET_PATH = /^(Env|Templates|template |Vault|Identity|Identities)/;
const MAX_VALUE = 80;
const LABELLED = new RegExp(`^(${Object.values(NAMED_LISTS)
    .map(l => l.label)
    .join('|')}) `);
/** One change as a line: `group web › task server › Config.image: "a" → "b"`; values hidden where secrets live. */
function describeFieldChange(change) {
    const segments = change.path;
    // `TaskGroups`, `group web`, `Tasks`, `task server`, `Config`, `image` → group web › task server › Config.image
    const parts = [];
    let field = [];
    segments.forEach((segment, i) => {
        if (LABELLED.test(segment)) {
            field = [];
            parts.push(segment);
        }
        else if (!LABELLED.test(segments[i + 1] ?? ''))
            field.push(segment);
    });
    const where = [...parts, field.join('.')].filter(Boolean).join(' › ');
    const hidden = segments.some(s => SECRET_PATH.test(s));
    const show = (v) => {
        if (v === undefined)
            return '(absent)';
        const text = JSON.stringify(v) ?? String(v);
        return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
    };
    if (hidden)
        return `${where}: ${change.before === undefined ? 'added' : change.after === undefined ? 'removed' : 'changed'} (value hidden)`;
    if (change.before === undefined)
        return `${where}: added ${show(change.after)}`;
    if (change.after === undefined || isEmpty(change.after))
        return `${where}: removed (was ${show(change.before)})`;
    return `${where}: ${show(change.before)} → ${show(change.after)}`;
}

;// CONCATENATED MODULE: ./actions/shared/nomad/job-diff/update-kind.ts
/** Group-level fields tasksUpdated checks: a change replaces the allocations. */
const GROUP_DESTRUCTIVE = {
    EphemeralDisk: 'ephemeral disk',
    Networks: 'network',
    Consul: 'consul namespace/cluster',
    Volumes: 'volume request',
    Meta: 'task meta (group)'
};
/** Task-level fields tasksUpdated checks (each `difference(...)` of its loop over tasks). */
const TASK_DESTRUCTIVE = {
    Driver: 'task driver',
    User: 'task user',
    Config: 'task config',
    Env: 'task env',
    Artifacts: 'task artifacts',
    Vault: 'task vault',
    Consul: 'consul namespace/cluster',
    Templates: 'task templates',
    CSIPluginConfig: 'task csi config',
    VolumeMounts: 'task volume mount',
    Meta: 'task meta',
    Identity: 'task identity',
    Identities: 'task identity'
};
/** `nonNetworkResourcesUpdated` plus the task's `Resources.Networks` (`networkUpdated`). */
const RESOURCE_DESTRUCTIVE = {
    CPU: 'task cpu',
    Cores: 'task cores',
    MemoryMB: 'task memory',
    MemoryMaxMB: 'task memory max',
    Devices: 'task devices',
    NUMA: 'numa',
    SecretsMB: 'task secrets',
    Networks: 'network'
};
const nameOf = (segment, label) => segment?.startsWith(`${label} `) ? segment.slice(label.length + 1) : undefined;
/** Why this change (under one group) forces new allocations, or undefined for an in-place change. */
function destructiveReason(rest) {
    const [first, second, third, fourth] = rest;
    if (first === 'Tasks') {
        if (third === undefined)
            return 'number of tasks';
        const field = third;
        if (field === 'Resources' && fourth !== undefined)
            return RESOURCE_DESTRUCTIVE[fourth];
        if (field === 'LogConfig' && fourth === 'Disabled')
            return 'task log disabled';
        if (field === 'RestartPolicy' && fourth === 'RenderTemplates')
            return 'task restart render_templates';
        return TASK_DESTRUCTIVE[field];
    }
    if (first === 'RestartPolicy' && second === 'RenderTemplates')
        return 'group restart render_templates';
    // Connect sidecars are derived from the service: connectServiceUpdated.
    if (first === 'Services' && third === 'Connect')
        return 'connect service';
    return first === undefined ? undefined : GROUP_DESTRUCTIVE[first];
}
const numberOr = (v, fallback) => (typeof v === 'number' ? v : fallback);
/**
 * One verdict per group of either job. `running`/`proposed` are the jobs' TaskGroups (for canary
 * and count values); `changes` comes from diffJobFields.
 */
function classifyUpdates(changes, proposedGroups, runningGroups) {
    const names = [
        ...new Set([
            ...runningGroups.map(g => String(g['Name'])),
            ...proposedGroups.map(g => String(g['Name']))
        ])
    ];
    // Job-level Meta is part of every task's CombinedTaskMeta, which tasksUpdated compares.
    const jobMeta = changes.some(c => c.path[0] === 'Meta');
    const jobOther = changes.some(c => c.path[0] !== 'Meta' && c.path[0] !== 'TaskGroups');
    return names.map(group => {
        const proposed = proposedGroups.find(g => g['Name'] === group);
        const running = runningGroups.find(g => g['Name'] === group);
        const update = proposed?.['Update'];
        const canaries = typeof update === 'object' && update !== null
            ? numberOr(update['Canary'], 0)
            : 0;
        if (!running)
            return { group, kind: 'create', canaries };
        if (!proposed)
            return { group, kind: 'destroy', canaries };
        const mine = changes.flatMap(c => c.path[0] === 'TaskGroups' && nameOf(c.path[1], 'group') === group
            ? [
                c.path
                    .slice(2)
                    .map(s => s.replace(/^(task|service|check|template|artifact|mount) /, ''))
            ]
            : []);
        // Paths under a task keep the task's name as their second segment: `Tasks`, `<name>`, field…
        const reasons = mine.flatMap(rest => destructiveReason(rest) ?? []);
        const before = numberOr(running['Count'], 1);
        const after = numberOr(proposed['Count'], 1);
        const count = before !== after ? { before, after } : undefined;
        const base = { group, canaries, ...(count ? { count } : {}) };
        if (jobMeta || reasons.length > 0)
            return { ...base, kind: 'destructive', reason: reasons[0] ?? 'task meta (job)' };
        const others = mine.filter(rest => rest[0] !== 'Count');
        if (others.length > 0 || jobOther)
            return { ...base, kind: 'in-place' };
        return { ...base, kind: count ? 'count' : 'none' };
    });
}
/** A sentence per group: what Nomad will do. */
function describeUpdate(u) {
    const count = u.count ? `; count ${u.count.before} → ${u.count.after}` : '';
    switch (u.kind) {
        case 'create':
            return `group ${u.group}: new group, allocations will be created`;
        case 'destroy':
            return `group ${u.group}: removed from the job, its allocations will be stopped`;
        case 'destructive':
            return u.canaries > 0
                ? `group ${u.group}: destructive update (${u.reason}): ${u.canaries} canar${u.canaries === 1 ? 'y' : 'ies'} first, old allocations replaced after promotion${count}`
                : `group ${u.group}: destructive update (${u.reason}): allocations replaced one batch at a time${count}`;
        case 'in-place':
            return `group ${u.group}: in-place update, running allocations keep running${count}`;
        case 'count':
            return `group ${u.group}: count ${u.count?.before} → ${u.count?.after}, no other change`;
        case 'none':
            return `group ${u.group}: no change`;
    }
}

;// CONCATENATED MODULE: ./actions/shared/drift/nomad-revert.ts

const ROLLBACK = /rolling back to job version (\d+)/;
/** The revert that produced the running version, if that is how it came about. */
function findRevert(runningVersion, versions, deployments) {
    const failedBefore = deployments.find(d => d.jobVersion === runningVersion - 1 && d.status === 'failed');
    const match = failedBefore ? ROLLBACK.exec(failedBefore.statusDescription) : null;
    if (failedBefore && match) {
        return {
            failedVersion: failedBefore.jobVersion,
            revertedTo: Number(match[1]),
            runningVersion,
            description: failedBefore.statusDescription
        };
    }
    const running = versions.find(v => v.version === runningVersion);
    // A copy of an older version right after a failed deploy. Without a failed deploy, a version
    // equal to an older one is someone registering an old spec again: an edit, not a rollback.
    if (!running || !failedBefore)
        return undefined;
    const twin = versions
        .filter(v => v.version < runningVersion - 1)
        .sort((a, b) => b.version - a.version)
        .find(v => diffJobFields(v.raw, running.raw).length === 0);
    if (!twin)
        return undefined;
    return {
        failedVersion: runningVersion - 1,
        revertedTo: twin.version,
        runningVersion,
        description: failedBefore.statusDescription
    };
}
/** One line for the drift issue. */
function describeRevert(r) {
    const why = r.description ? ` (${r.description})` : '';
    return `the deploy of version ${r.failedVersion} failed${why} and Nomad rolled back to version ${r.revertedTo}; running version ${r.runningVersion}`;
}

;// CONCATENATED MODULE: ./actions/shared/drift/nomad-drift.ts

const MAX_PATHS = 8;
function jobItem(check) {
    if (check.missing)
        return { subject: check.jobId, detail: 'missing from the cluster' };
    if (check.changes.length === 0 && !check.revert)
        return undefined;
    const shown = check.changes.slice(0, MAX_PATHS).join('; ');
    const more = check.changes.length > MAX_PATHS ? ` (+${check.changes.length - MAX_PATHS} more)` : '';
    const edits = shown ? `edited: ${shown}${more}` : '';
    const what = check.updates.length > 0 ? ` — on deploy: ${check.updates.join('; ')}` : '';
    if (check.revert) {
        const repo = edits ? `; the repo's job differs: ${shown}${more}` : '';
        return { subject: check.jobId, detail: `${describeRevert(check.revert)}${repo}` };
    }
    return { subject: check.jobId, detail: `${edits}${what}` };
}
/** Live jobs (not stopped, not children) that no job file in the repo defines. */
function findUnmanagedJobs(live, repoJobIds) {
    return live.filter(j => j.status !== 'dead' && !j.parentId && !repoJobIds.includes(j.id));
}
/** The Nomad layer result from every job's plan and the cluster's job list (or why it failed). */
function nomadLayer(checks, live) {
    const drifted = checks.flatMap(c => (c.ok ? (jobItem(c) ?? []) : []));
    const failed = checks.flatMap(c => (c.ok ? [] : [c]));
    const unmanaged = 'error' in live
        ? []
        : findUnmanagedJobs(live, checks.map(c => c.jobId));
    const items = [
        ...drifted,
        ...unmanaged.map(j => ({
            subject: j.id,
            detail: `${j.status} in the cluster, but no job file in nomad/`
        }))
    ];
    const reasons = [
        ...failed.slice(0, 3).map(f => `${f.jobId}: ${f.error}`),
        ...(failed.length > 3 ? [`and ${failed.length - 3} more jobs`] : []),
        ...('error' in live ? [`listing the cluster's jobs failed: ${live.error}`] : [])
    ];
    const parts = [`${drifted.length} of ${checks.length} jobs differ`];
    if (unmanaged.length > 0)
        parts.push(`${unmanaged.length} not in the repo`);
    if (failed.length > 0)
        parts.push(`${failed.length} could not be compared`);
    const reason = reasons.length > 0 ? reasons.join('; ') : undefined;
    const status = items.length > 0 ? 'drift' : reason !== undefined ? 'unknown' : 'in-sync';
    return { layer: 'nomad', status, summary: parts.join(', '), items, ...(reason ? { reason } : {}) };
}

;// CONCATENATED MODULE: ./actions/shared/drift/check-nomad-jobs.ts






/**
 * Compares every job file, parsed by Nomad, with the running job, `concurrency` at a time. Jobs the
 * cluster does not have are reported missing; a job that cannot be read is reported, never taken
 * as in sync. If the cluster cannot even list its jobs, the whole layer is unknown.
 */
async function checkNomadJobs(options) {
    let live;
    try {
        live = await options.api.listJobs();
    }
    catch (error) {
        return {
            layer: 'nomad',
            status: 'unknown',
            summary: 'could not be checked',
            items: [],
            reason: `cannot list the cluster's jobs: ${(0,errors/* describeError */.Uc)(error)}`
        };
    }
    const limit = pLimit(options.concurrency ?? 8);
    const checks = await Promise.all(options.jobs.map(job => limit(() => checkOneJob(options, job, live))));
    return nomadLayer(checks, live);
}
/** How many older versions are asked for a submission (Nomad keeps a handful). */
const MAX_SUBMISSION_LOOKUPS = 6;
/** The newest version that has a submission, and its variables (none: the job file's defaults). */
async function newestVariables(api, jobId, versions) {
    for (const v of versions.slice(0, MAX_SUBMISSION_LOOKUPS)) {
        const variables = await api.submittedVariables(jobId, v.version);
        if (variables !== undefined)
            return { variables };
    }
    return { variables: '' };
}
const groupsOf = (job) => {
    const groups = job?.['TaskGroups'];
    return Array.isArray(groups) ? groups : [];
};
/** Reads, parses and compares one job: the field changes and what Nomad would do about them. */
async function compareJob(api, jobId, hcl) {
    const versions = [...(await api.jobVersions(jobId))].sort((a, b) => b.version - a.version);
    const running = versions[0];
    if (!running)
        return { ok: true, missing: true, changes: [], updates: [] };
    const { variables } = await newestVariables(api, jobId, versions);
    const parsed = await api.parseJob(hcl, variables);
    if (parsed.id !== jobId) {
        throw new Error(`the job file defines job '${parsed.id}', the catalog expected '${jobId}'`);
    }
    const fieldChanges = diffJobFields(running.raw, parsed.raw);
    const updates = classifyUpdates(fieldChanges, groupsOf(parsed.raw), groupsOf(running.raw))
        .filter(u => u.kind !== 'none')
        .map(describeUpdate);
    const revert = findRevert(running.version, versions, await api.jobDeployments(jobId));
    return {
        ok: true,
        missing: false,
        changes: fieldChanges.map(describeFieldChange),
        updates,
        runningVersion: running.version,
        ...(revert ? { revert } : {})
    };
}
async function checkOneJob(options, job, live) {
    const base = { jobId: job.jobId, jobFile: job.jobFile };
    if (!live.some(j => j.id === job.jobId)) {
        return { ...base, ok: true, missing: true, changes: [], updates: [] };
    }
    try {
        const hcl = await options.readJobFile(job.jobFile);
        return { ...base, ...(await compareJob(options.api, job.jobId, hcl)) };
    }
    catch (error) {
        return { ...base, ok: false, error: (0,errors/* describeError */.Uc)(error) };
    }
}

;// CONCATENATED MODULE: ./actions/shared/drift/introduced-by.ts
/**
 * Where the Terraform layer's pending changes come from: the newest commit that touched the
 * Terraform directory. A squash-merged PR's subject already ends in `(#N)`, which names the PR.
 */
const MAX_SUBJECT = 80;
/** `git log --format=%h%x09%s` output → `commit 1a2b3c4 "subject"`; undefined for no commit. Pure. */
function describeCommit(logLine) {
    const [sha, ...rest] = logLine.trim().split('\t');
    if (!sha || !/^[0-9a-f]{4,40}$/.test(sha))
        return undefined;
    const subject = rest.join('\t').trim();
    const cut = subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject;
    return subject ? `commit ${sha} "${cut}"` : `commit ${sha}`;
}
/** The newest commit touching `directory` (`git log -1 -- .` there); undefined outside a repository. */
async function lastCommitTouching(runner, directory) {
    const result = await runner.run('git', ['log', '-1', '--format=%h%x09%s', '--', '.'], {
        cwd: directory
    });
    return result.exitCode === 0 ? describeCommit(result.stdout) : undefined;
}

;// CONCATENATED MODULE: ./actions/shared/terraform/terraform-cli.ts
/** Terraform over a CommandRunner: non-interactive, uncoloured, no update checks. */
function createTerraformCli(runner, options) {
    const env = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...options.env };
    const run = (args, stream = false) => runner.run(options.binary, args, { cwd: options.workingDirectory, env, stream });
    return {
        fmtCheck: () => run(['fmt', '-check', '-recursive', '-list=true', '-no-color']),
        init: (backendConfig, backendFiles = []) => run([
            'init',
            '-input=false',
            '-no-color',
            // The committed .terraform.lock.hcl decides the provider versions and their hashes: a
            // provider release between the PR's plan and the merge's apply changes nothing. Readonly
            // fails only when the set of providers differs from the lock, and merely warns when it
            // learns a platform's h1: hash (hashicorp/terraform v1.11.4 internal/command/init.go,
            // getProviders: newLocks.EqualProviderAddress(previousLocks)); the zh: hashes of every
            // platform's zip are in the lock, so the download is still checked.
            '-lockfile=readonly',
            ...backendFiles.map(file => `-backend-config=${file}`),
            ...Object.entries(backendConfig).map(([k, v]) => `-backend-config=${k}=${v}`)
        ]),
        validate: () => run(['validate', '-json', '-no-color']),
        plan: (planFile, planOptions) => run([
            'plan',
            '-input=false',
            '-no-color',
            '-detailed-exitcode',
            ...(planOptions?.lock === false ? ['-lock=false'] : ['-lock-timeout=5m']),
            `-out=${planFile}`
        ], true),
        showJson: planFile => run(['show', '-json', '-no-color', planFile]),
        showHuman: planFile => run(['show', '-no-color', planFile]),
        apply: planFile => run(['apply', '-input=false', '-no-color', '-auto-approve', planFile], true),
        outputJson: () => run(['output', '-json', '-no-color'])
    };
}

;// CONCATENATED MODULE: ./actions/shared/drift/terraform-drift.ts
/** Maps the exit code of `plan -detailed-exitcode` (0 no changes, 1 error, 2 changes). */
function meaningOfExitCode(code) {
    if (code === 0)
        return 'no-changes';
    if (code === 2)
        return 'changes';
    return 'error';
}
const terraform_drift_isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const records = (v) => (Array.isArray(v) ? v.filter(terraform_drift_isRecord) : []);
function describeActions(actions) {
    const words = actions.filter((a) => typeof a === 'string');
    if (words.includes('delete') && words.includes('create'))
        return 'replace';
    return words.join('+') || 'unknown action';
}
const actionsOf = (entry) => {
    const change = terraform_drift_isRecord(entry['change']) ? entry['change'] : {};
    return describeActions(Array.isArray(change['actions']) ? change['actions'] : []);
};
const addressOf = (entry) => typeof entry['address'] === 'string' ? entry['address'] : '(unnamed resource)';
/** Top-level attribute names whose values differ; values themselves are never shown (secrets). */
function changedAttributes(change) {
    const before = terraform_drift_isRecord(change['before']) ? change['before'] : {};
    const after = terraform_drift_isRecord(change['after']) ? change['after'] : {};
    const unknown = terraform_drift_isRecord(change['after_unknown']) ? change['after_unknown'] : {};
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys]
        .filter(k => unknown[k] === true || JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .sort();
}
function resourceItem(entry, verb) {
    const change = terraform_drift_isRecord(entry['change']) ? entry['change'] : {};
    const action = actionsOf(entry);
    if (action === 'no-op' || action === 'read')
        return undefined;
    const attrs = action === 'update' ? changedAttributes(change) : [];
    const detail = verb(action) + (attrs.length > 0 ? `: ${attrs.join(', ')}` : '');
    return { subject: addressOf(entry), detail };
}
/**
 * The top-level attributes the configuration sets on each resource (`configuration` →
 * `root_module` → `resources[].expressions` keys, through `module_calls`), by address without
 * instance keys (`module.a.aws_x.y`).
 */
function configuredAttributes(plan) {
    const out = new Map();
    const walk = (module, prefix) => {
        if (!terraform_drift_isRecord(module))
            return;
        for (const r of records(module['resources'])) {
            const address = typeof r['address'] === 'string' ? r['address'] : '';
            const expressions = terraform_drift_isRecord(r['expressions']) ? Object.keys(r['expressions']) : [];
            out.set(prefix + address, new Set(expressions));
        }
        const calls = terraform_drift_isRecord(module['module_calls']) ? module['module_calls'] : {};
        for (const [name, call] of Object.entries(calls)) {
            if (terraform_drift_isRecord(call))
                walk(call['module'], `${prefix}module.${name}.`);
        }
    };
    const config = terraform_drift_isRecord(plan['configuration']) ? plan['configuration'] : {};
    walk(config['root_module'], '');
    return out;
}
/** `module.a["x"].aws_y.z[0]` → `module.a.aws_y.z`: the configuration's address of an instance. */
function withoutInstanceKeys(address) {
    return address.replace(/\[[^\]]*\]/g, '');
}
function isRelevantDrift(entry, planned, relevant, configured) {
    const address = addressOf(entry);
    if (planned.has(address) || relevant.has(address))
        return true;
    const change = terraform_drift_isRecord(entry['change']) ? entry['change'] : {};
    const set = configured.get(withoutInstanceKeys(address));
    return set !== undefined && changedAttributes(change).some(a => set.has(a));
}
/** Reads the plan JSON into planned changes, relevant and irrelevant drift, and notes; throws on a shape it cannot read. */
function readPlanDrift(plan) {
    if (!terraform_drift_isRecord(plan))
        throw new Error('terraform show -json did not print a JSON object');
    const version = String(plan['format_version'] ?? '');
    if (!/^[01]\./.test(version)) {
        throw new Error(`unsupported plan format_version '${version}' (expected 0.x or 1.x)`);
    }
    const resourceChanges = records(plan['resource_changes']);
    const changes = resourceChanges.flatMap(e => resourceItem(e, a => a) ?? []);
    const planned = new Set(changes.map(c => c.subject));
    const relevant = new Set(records(plan['relevant_attributes']).flatMap(r => typeof r['resource'] === 'string' ? [r['resource']] : []));
    const configured = configuredAttributes(plan);
    const outside = [];
    const irrelevantOutside = [];
    for (const entry of records(plan['resource_drift'])) {
        const item = resourceItem(entry, a => `changed outside Terraform (${a})`);
        if (item === undefined)
            continue;
        if (isRelevantDrift(entry, planned, relevant, configured))
            outside.push(item);
        else
            irrelevantOutside.push(item);
    }
    const notes = [];
    for (const entry of resourceChanges) {
        if (actionsOf(entry) !== 'no-op')
            continue;
        const previous = entry['previous_address'];
        if (typeof previous === 'string' && previous !== addressOf(entry)) {
            notes.push(`${previous} moved to ${addressOf(entry)} (no change to the object)`);
        }
        const change = terraform_drift_isRecord(entry['change']) ? entry['change'] : {};
        if (terraform_drift_isRecord(change['importing']))
            notes.push(`${addressOf(entry)} will be imported`);
    }
    const outputs = terraform_drift_isRecord(plan['output_changes']) ? plan['output_changes'] : {};
    for (const [name, change] of Object.entries(outputs)) {
        const actions = terraform_drift_isRecord(change) && Array.isArray(change['actions']) ? change['actions'] : [];
        const action = describeActions(actions);
        if (action !== 'no-op')
            notes.push(`output.${name}: ${action} (outputs change no infrastructure)`);
    }
    return { changes, outside, irrelevantOutside, notes };
}
const MAX_NOTES = 5;
function withNotes(summary, drift) {
    const notes = [...drift.notes];
    if (drift.irrelevantOutside.length > 0) {
        notes.push(`${drift.irrelevantOutside.length} changed outside Terraform, none relevant to the config`);
    }
    if (notes.length === 0)
        return summary;
    const shown = notes.slice(0, MAX_NOTES).join('; ');
    const more = notes.length > MAX_NOTES ? `; +${notes.length - MAX_NOTES} more` : '';
    return `${summary} (${shown}${more})`;
}
/** The Terraform layer result from a plan's exit code and JSON. */
function terraformLayer(outcome) {
    const meaning = meaningOfExitCode(outcome.exitCode);
    if (meaning === 'error') {
        const why = outcome.error?.trim();
        return unknownTerraform(why || `terraform plan failed (exit ${outcome.exitCode})`);
    }
    let drift;
    try {
        drift = readPlanDrift(outcome.planJson);
    }
    catch (error) {
        if (meaning === 'no-changes')
            return { layer: 'terraform', status: 'in-sync', summary: 'no changes', items: [] };
        return unknownTerraform(`plan says changes, but its JSON could not be read: ${String(error instanceof Error ? error.message : error)}`);
    }
    if (drift.outside.length > 0) {
        const driftedAddresses = new Set(drift.outside.map(o => o.subject));
        const others = drift.changes.filter(c => !driftedAddresses.has(c.subject));
        const parts = [`${drift.outside.length} changed outside Terraform`];
        if (drift.changes.length > 0)
            parts.push(`${drift.changes.length} to change`);
        return {
            layer: 'terraform',
            status: 'drift',
            summary: parts.join(', '),
            items: [
                ...drift.outside,
                ...drift.changes.filter(c => driftedAddresses.has(c.subject)),
                ...others.map(c => ({ ...c, detail: `${c.detail} (pending apply)` }))
            ]
        };
    }
    if (drift.changes.length > 0) {
        const by = outcome.introducedBy ? `, from ${outcome.introducedBy}` : '';
        return {
            layer: 'terraform',
            status: 'pending-apply',
            summary: withNotes(`${drift.changes.length} planned, not applied yet${by}`, drift),
            items: drift.changes
        };
    }
    return {
        layer: 'terraform',
        status: 'in-sync',
        summary: withNotes('no changes', drift),
        items: []
    };
}
function unknownTerraform(reason) {
    return {
        layer: 'terraform',
        status: 'unknown',
        summary: 'could not be checked',
        items: [],
        reason
    };
}

;// CONCATENATED MODULE: ./actions/shared/drift/terraform-probe.ts






/** The last few lines of a tool's stderr: enough to say why, short enough for a table cell. */
function terraform_probe_tail(text, lines = 6) {
    return text.trim().split('\n').slice(-lines).join('\n').trim();
}
/**
 * `terraform init`, then `plan -detailed-exitcode -lock=false` (read-only: the daily check must
 * never hold the state lock an apply is waiting for) into a temporary plan file, then `show -json` of
 * it, through the terraform module's CLI wrapper (the same commands the terraform action runs).
 */
async function probeTerraform(options) {
    if (!(0,external_node_fs_.existsSync)(options.workingDir)) {
        return terraformLayer({
            exitCode: 1,
            error: `the Terraform directory ${options.workingDir} does not exist`
        });
    }
    const cli = createTerraformCli(options.runner, {
        binary: options.binary ?? 'terraform',
        workingDirectory: options.workingDir,
        ...(options.env ? { env: options.env } : {})
    });
    const backendFile = options.backendConfigFile;
    const files = backendFile && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(options.workingDir, backendFile)) ? [backendFile] : [];
    const init = await cli.init({}, files);
    if (init.exitCode !== 0) {
        return terraformLayer({
            exitCode: 1,
            error: `terraform init failed: ${terraform_probe_tail(init.stderr || init.stdout)}`
        });
    }
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'drift-plan-'));
    try {
        const planFile = (0,external_node_path_.join)(dir, 'drift.tfplan');
        const plan = await cli.plan(planFile, { lock: false });
        if (plan.exitCode !== 0 && plan.exitCode !== 2) {
            const why = terraform_probe_tail(plan.stderr || plan.stdout);
            return terraformLayer({
                exitCode: plan.exitCode,
                error: `terraform plan failed (exit ${plan.exitCode}): ${why}`
            });
        }
        const show = await cli.showJson(planFile);
        if (show.exitCode !== 0) {
            return terraformLayer({
                exitCode: 1,
                error: `terraform show -json failed: ${terraform_probe_tail(show.stderr)}`
            });
        }
        let planJson;
        try {
            planJson = JSON.parse(show.stdout);
        }
        catch {
            planJson = undefined;
        }
        const layer = terraformLayer({ exitCode: plan.exitCode, planJson });
        if (layer.status !== 'pending-apply' || !options.introducedBy)
            return layer;
        const by = await options.introducedBy().catch(() => undefined);
        return by ? terraformLayer({ exitCode: plan.exitCode, planJson, introducedBy: by }) : layer;
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./actions/shared/drift/build-probes.ts







const under = (root, path) => ((0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.join)(root, path));
/** One probe per layer over the real tools and the given Nomad API. */
function buildProbes(settings) {
    const { root, runner, nomad } = settings;
    return {
        terraform: () => probeTerraform({
            runner,
            workingDir: under(root, settings.terraform.dir),
            introducedBy: () => lastCommitTouching(runner, under(root, settings.terraform.dir)),
            backendConfigFile: settings.terraform.backendConfigFile ?? 'state.s3.tfbackend',
            env: settings.terraform.env ?? {}
        }),
        nomad: 'missing' in nomad
            ? nomad
            : async () => {
                const catalog = await loadCatalog(root);
                return checkNomadJobs({
                    api: nomad.api,
                    jobs: catalog.jobs,
                    readJobFile: file => (0,promises_.readFile)((0,external_node_path_.join)(root, file), 'utf8'),
                    concurrency: nomad.concurrency
                });
            },
        ansible: () => probeAnsible({
            runner,
            directory: under(root, settings.ansible.dir),
            playbook: settings.ansible.playbook,
            inventory: settings.ansible.inventory ? under(root, settings.ansible.inventory) : undefined,
            privateKey: settings.ansible.privateKey,
            knownHosts: settings.ansible.knownHosts,
            user: settings.ansible.user,
            extraVars: settings.ansible.extraVars,
            terraformOutputs: settings.ansible.terraformOutputs,
            secretsParent: settings.ansible.secretsParent,
            ...(settings.ansible.env ? { env: settings.ansible.env } : {})
        })
    };
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./actions/shared/nomad/client/errors.ts

/** Nomad answered with an error status; `body` is Nomad's plain-text message, verbatim. */
class NomadApiError extends errors/* UserError */.yo {
    status;
    body;
    method;
    path;
    name = 'NomadApiError';
    constructor(status, body, method, path) {
        super(`Nomad refused ${method} ${path} (HTTP ${status}): ${body.trim() || '(empty body)'}`);
        this.status = status;
        this.body = body;
        this.method = method;
        this.path = path;
    }
}
/** Nomad answered something a Nomad agent never sends (no X-Nomad-Index, not JSON, wrong shape). */
class NomadProtocolError extends errors/* UserError */.yo {
    name = 'NomadProtocolError';
}
/** The request never got an answer: refused, reset, timed out. */
class NomadNetworkError extends errors/* UserError */.yo {
    code;
    name = 'NomadNetworkError';
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}
/** The server's certificate could not be verified (or ours was refused): not retried. */
class NomadTlsError extends errors/* UserError */.yo {
    name = 'NomadTlsError';
}
/** Server errors that mean "try again", from nomad/structs/errors.go. */
const TRANSIENT_500 = [
    'No cluster leader',
    'Not ready to serve consistent reads',
    'No path to region'
];
/** True for faults worth retrying: network failures, 429, 502/503/504 and Nomad's transient 500s. */
function isTransient(error) {
    if (error instanceof NomadNetworkError)
        return true;
    if (!(error instanceof NomadApiError))
        return false;
    if ([429, 502, 503, 504].includes(error.status))
        return true;
    return error.status === 500 && TRANSIENT_500.some(text => error.body.includes(text));
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/http.ts





/** Certificate problems: permanent, never retried. */
const TLS_FAILURE = /^(ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO_SELF_SIGNED|CERT_|HOSTNAME_MISMATCH)/;
/** A PEM file named by a setting; an unreadable one is the user's to fix (one line, no stack). */
function readPem(setting, path) {
    if (path === undefined)
        return undefined;
    try {
        return (0,external_node_fs_.readFileSync)(path);
    }
    catch (error) {
        const code = error.code ?? (0,errors/* describeError */.Uc)(error);
        throw new errors/* ConfigError */.xL(`${setting} is '${path}', which cannot be read (${code}): expected a readable PEM file.`);
    }
}
/** HTTP(S) transport over node:http/https with keep-alive; TLS verification unless skipVerify. */
function createHttpTransport(config) {
    const base = new URL(config.address);
    const secure = base.protocol === 'https:';
    const agent = secure
        ? new external_node_https_.Agent({
            keepAlive: true,
            minVersion: 'TLSv1.2',
            ca: readPem('NOMAD_CACERT', config.tls.caCert),
            cert: readPem('NOMAD_CLIENT_CERT', config.tls.clientCert),
            key: readPem('NOMAD_CLIENT_KEY', config.tls.clientKey),
            servername: config.tls.serverName,
            rejectUnauthorized: !config.tls.skipVerify
        })
        : new external_node_http_.Agent({ keepAlive: true });
    const defaults = {};
    if (config.namespace)
        defaults['namespace'] = config.namespace;
    if (config.region)
        defaults['region'] = config.region;
    return {
        request: request => new Promise((resolve, reject) => {
            const url = new URL(base.pathname.replace(/\/$/, '') + request.path, base);
            for (const [k, v] of Object.entries({ ...defaults, ...request.query }))
                url.searchParams.set(k, v);
            const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
            const headers = { Accept: 'application/json' };
            if (config.token)
                headers['X-Nomad-Token'] = config.token;
            if (payload !== undefined) {
                headers['Content-Type'] = 'application/json';
                headers['Content-Length'] = String(Buffer.byteLength(payload));
            }
            const what = `${request.method} ${request.path}`;
            const req = (secure ? external_node_https_ : external_node_http_).request(url, {
                method: request.method,
                headers,
                agent,
                timeout: request.timeoutMs,
                signal: request.signal
            });
            req.on('timeout', () => req.destroy(new NomadNetworkError(`${what}: no answer within ${request.timeoutMs} ms`, 'ETIMEDOUT')));
            req.on('error', error => {
                if (request.signal?.aborted)
                    return reject(request.signal.reason);
                if (error instanceof NomadNetworkError)
                    return reject(error);
                const code = error.code ?? 'ERR';
                if (TLS_FAILURE.test(code)) {
                    return reject(new NomadTlsError(`${what}: TLS verification failed: ${error.message} (${code})`));
                }
                reject(new NomadNetworkError(`${what} failed: ${error.message} (${code})`, code));
            });
            req.on('response', res => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('error', error => reject(new NomadNetworkError(`${what}: ${error.message}`, 'ECONNRESET')));
                res.on('end', () => {
                    const text = Buffer.concat(chunks).toString('utf8');
                    const status = res.statusCode ?? 0;
                    if (status < 200 || status >= 300) {
                        return reject(new NomadApiError(status, text, request.method, request.path));
                    }
                    const header = res.headers['x-nomad-index'];
                    const index = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
                    try {
                        resolve({ status, json: text === '' ? null : JSON.parse(text), index });
                    }
                    catch {
                        reject(new NomadProtocolError(`${what}: Nomad answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`));
                    }
                });
            });
            req.end(payload);
        }),
        close: () => agent.destroy()
    };
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/parse-fields.ts

function parse_fields_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The object itself, or a protocol error naming what was expected. */
function record(value, what) {
    if (!parse_fields_isRecord(value)) {
        throw new NomadProtocolError(`Nomad sent ${describe(value)} where ${what} was expected`);
    }
    return value;
}
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'string' ? `the text ${JSON.stringify(value.slice(0, 80))}` : typeof value;
}
/** A required string field. */
function str(o, key, what) {
    const v = o[key];
    if (typeof v !== 'string')
        throw new NomadProtocolError(`${what}: field ${key} is not a string`);
    return v;
}
/** An optional string field ('' when absent or null). */
function optStr(o, key) {
    const v = o[key];
    return typeof v === 'string' ? v : '';
}
/** A number field (0 when absent or null). */
function num(o, key) {
    const v = o[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
/** A nullable number field. */
function optNum(o, key) {
    const v = o[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function bool(o, key) {
    return o[key] === true;
}
/** A nullable boolean (the tri-state `Healthy`). */
function optBool(o, key) {
    const v = o[key];
    return typeof v === 'boolean' ? v : undefined;
}
/** An array field of objects ([] for null). */
function parse_fields_records(o, key) {
    const v = o[key];
    return Array.isArray(v) ? v.filter(parse_fields_isRecord) : [];
}
function strings(o, key) {
    const v = o[key];
    return Array.isArray(v) ? v.filter((s) => typeof s === 'string') : [];
}
/** A map of name → number (`NodesAvailable`, `DimensionExhausted`, …); {} for null. */
function counts(o, key) {
    const v = o[key];
    if (!parse_fields_isRecord(v))
        return {};
    return Object.fromEntries(Object.entries(v).filter((e) => typeof e[1] === 'number'));
}
/** RFC 3339 time (or null, or Go's zero time) → epoch ms | undefined. */
function time(o, key) {
    const v = o[key];
    if (typeof v !== 'string' || v.startsWith('0001-01-01'))
        return undefined;
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/parse-job.ts


/** POST /v1/jobs/parse → the job (kept whole, to send back to plan and register). */
function parseParsedJob(value) {
    const raw = record(value, 'a parsed job');
    const id = str(raw, 'ID', 'parsed job');
    if (id === '')
        throw new NomadProtocolError('The parsed job has no ID');
    return { id, type: optStr(raw, 'Type') || 'service', raw };
}
/** GET /v1/job/:id. */
function parseJobInfo(value) {
    const o = record(value, 'a job');
    return {
        id: str(o, 'ID', 'job'),
        type: optStr(o, 'Type'),
        status: optStr(o, 'Status'),
        version: num(o, 'Version'),
        stable: bool(o, 'Stable'),
        modifyIndex: num(o, 'ModifyIndex'),
        jobModifyIndex: num(o, 'JobModifyIndex'),
        meta: stringValues(o['Meta']),
        images: parse_fields_records(o, 'TaskGroups').flatMap(g => parse_fields_records(g, 'Tasks').flatMap(t => {
            const image = parse_fields_isRecord(t['Config']) ? t['Config']['image'] : undefined;
            return typeof image === 'string' ? [image] : [];
        }))
    };
}
/** A map's string values (structs.Job.Meta is map[string]string; anything else is left out). */
function stringValues(value) {
    if (!parse_fields_isRecord(value))
        return {};
    return Object.fromEntries(Object.entries(value).filter((e) => typeof e[1] === 'string'));
}
/** POST /v1/job/:id/plan. */
function parsePlan(value) {
    const o = record(value, 'a plan');
    const diff = parseDiffNode(record(o['Diff'] ?? { Type: 'None' }, 'a job diff'));
    return {
        jobModifyIndex: num(o, 'JobModifyIndex'),
        diffType: diff.type,
        diff,
        failedPlacements: parsePlacementFailures(o['FailedTGAllocs']),
        warnings: optStr(o, 'Warnings')
    };
}
function parseDiffNode(o) {
    const children = [...parse_fields_records(o, 'TaskGroups'), ...parse_fields_records(o, 'Tasks')];
    return {
        type: optStr(o, 'Type') || 'None',
        name: optStr(o, 'Name') || optStr(o, 'ID'),
        fields: parse_fields_records(o, 'Fields').map(parseDiffField),
        objects: parse_fields_records(o, 'Objects').map(parseDiffNode),
        children: children.map(parseDiffNode),
        updates: counts(o, 'Updates')
    };
}
function parseDiffField(o) {
    return {
        type: optStr(o, 'Type'),
        name: optStr(o, 'Name'),
        old: optStr(o, 'Old'),
        new: optStr(o, 'New')
    };
}
/** `FailedTGAllocs` (group → AllocationMetric) → one PlacementFailure per group. */
function parsePlacementFailures(value) {
    if (value === null || value === undefined)
        return [];
    const groups = record(value, 'FailedTGAllocs');
    return Object.entries(groups)
        .map(([group, m]) => {
        const o = record(m, `FailedTGAllocs.${group}`);
        return {
            group,
            nodesEvaluated: num(o, 'NodesEvaluated'),
            nodesFiltered: num(o, 'NodesFiltered'),
            nodesExhausted: num(o, 'NodesExhausted'),
            nodesAvailable: counts(o, 'NodesAvailable'),
            classFiltered: counts(o, 'ClassFiltered'),
            constraintFiltered: counts(o, 'ConstraintFiltered'),
            classExhausted: counts(o, 'ClassExhausted'),
            dimensionExhausted: counts(o, 'DimensionExhausted'),
            quotaExhausted: strings(o, 'QuotaExhausted'),
            coalescedFailures: num(o, 'CoalescedFailures')
        };
    })
        .sort((a, b) => a.group.localeCompare(b.group));
}
/** POST /v1/jobs. */
function parseRegister(value) {
    const o = record(value, 'a register response');
    return {
        evalId: optStr(o, 'EvalID'),
        jobModifyIndex: num(o, 'JobModifyIndex'),
        warnings: optStr(o, 'Warnings')
    };
}
/** GET /v1/evaluation/:id. */
function parseEvaluation(value) {
    const o = record(value, 'an evaluation');
    return {
        id: str(o, 'ID', 'evaluation'),
        status: str(o, 'Status', 'evaluation'),
        statusDescription: optStr(o, 'StatusDescription'),
        deploymentId: optStr(o, 'DeploymentID'),
        triggeredBy: optStr(o, 'TriggeredBy'),
        jobModifyIndex: num(o, 'JobModifyIndex'),
        nextEval: optStr(o, 'NextEval'),
        blockedEval: optStr(o, 'BlockedEval'),
        failedPlacements: parsePlacementFailures(o['FailedTGAllocs'])
    };
}
/** POST /v1/deployment/promote/:id and /fail/:id. */
function parseDeploymentUpdate(value) {
    const o = record(value, 'a deployment update response');
    return { evalId: optStr(o, 'EvalID'), revertedJobVersion: optNum(o, 'RevertedJobVersion') };
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/retry.ts


const DEFAULT_RETRY = {
    attempts: 8,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
    random: Math.random
};
/** The delay before retry number `retry` (1-based): random in [0, min(max, base·2^(retry-1))]. */
function backoffDelay(policy, retry) {
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
    return Math.round(cap * policy.random());
}
/**
 * Network faults that one answer settles: a host name that does not resolve (ENOTFOUND: the
 * resolver's definite "no such name"; EAI_AGAIN, "try again", stays transient), and a refused
 * connection from an address that has never answered (nothing listens there: a wrong address, not
 * an agent restarting mid-deploy). Retrying them only delays the error by 8–19 s.
 */
function isFinalNetworkError(error, everAnswered) {
    if (!(error instanceof NomadNetworkError))
        return false;
    return error.code === 'ENOTFOUND' || (error.code === 'ECONNREFUSED' && !everAnswered);
}
/**
 * Runs `fn` until it succeeds, fails with a non-transient error, or runs out of attempts.
 * `beforeRetry` may settle the outcome after an ambiguous failure (e.g. "did the write land?").
 */
async function withRetry(what, context, fn, beforeRetry) {
    const started = context.clock.now();
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (error) {
            if (context.signal?.aborted || !isTransient(error) || context.isFinal?.(error) === true)
                throw error;
            const delay = backoffDelay(context.policy, attempt);
            const elapsed = context.clock.now() - started;
            const budget = context.policy.maxElapsedMs;
            if (attempt >= context.policy.attempts ||
                (budget !== undefined && elapsed + delay >= budget)) {
                const within = attempt < context.policy.attempts ? ` within ${Math.round(elapsed / 100) / 10} s` : '';
                throw new errors/* UserError */.yo(`${(0,errors/* describeError */.Uc)(error)} (gave up on ${what} after ${attempt} attempts${within})`, {
                    cause: error
                });
            }
            context.onRetry?.(what, attempt, error);
            await context.clock.sleep(delay, context.signal);
            const settled = beforeRetry ? await beforeRetry() : undefined;
            if (settled)
                return settled.settled;
        }
    }
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/register.ts




/** A concurrent change of the job between our plan and our register (EnforceIndex refused). */
class JobChangedError extends errors/* UserError */.yo {
    name = 'JobChangedError';
}
const ENFORCE_PREFIX = 'Enforcing job modify index';
/**
 * POST /v1/jobs with EnforceIndex and the plan's JobModifyIndex. A transient fault is ambiguous
 * (the write may have landed), so before any retry the job is read back: if its JobModifyIndex has
 * moved on from the plan's, the register landed and is not sent again. A retry never registers the
 * job twice, and EnforceIndex makes a stray duplicate fail instead of creating a second version.
 */
async function registerOnce(job, jobModifyIndex, io) {
    try {
        return await withRetry('register job', io.context, async () => parseRegister(await io.post()), async () => {
            const current = await io.readJob();
            if (current === undefined || current.jobModifyIndex === jobModifyIndex)
                return undefined;
            const landed = {
                evalId: '',
                jobModifyIndex: current.jobModifyIndex,
                warnings: '',
                landedWithoutAnswer: true,
                version: current.version
            };
            return { settled: landed };
        });
    }
    catch (error) {
        if (error instanceof NomadApiError && error.body.includes(ENFORCE_PREFIX)) {
            throw new JobChangedError(`Job '${job.id}' was changed by someone else since the plan; plan again and retry. (Nomad: ${error.body.trim()})`);
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/parse-deployment.ts

/** GET /v1/deployment/:id (and the items of /v1/job/:id/deployments) → Deployment. */
function parseDeployment(value) {
    const o = record(value, 'a deployment');
    const groups = parse_fields_isRecord(o['TaskGroups']) ? Object.entries(o['TaskGroups']) : [];
    return {
        id: str(o, 'ID', 'deployment'),
        jobId: optStr(o, 'JobID'),
        jobVersion: num(o, 'JobVersion'),
        jobSpecModifyIndex: num(o, 'JobSpecModifyIndex'),
        status: str(o, 'Status', 'deployment'),
        statusDescription: optStr(o, 'StatusDescription'),
        groups: groups
            .map(([name, g]) => parseGroup(name, record(g, `deployment group ${name}`)))
            .sort((a, b) => a.name.localeCompare(b.name)),
        createIndex: num(o, 'CreateIndex'),
        modifyIndex: num(o, 'ModifyIndex')
    };
}
function parseGroup(name, g) {
    return {
        name,
        autoRevert: bool(g, 'AutoRevert'),
        autoPromote: bool(g, 'AutoPromote'),
        promoted: bool(g, 'Promoted'),
        placedCanaries: strings(g, 'PlacedCanaries'),
        desiredCanaries: num(g, 'DesiredCanaries'),
        desiredTotal: num(g, 'DesiredTotal'),
        placedAllocs: num(g, 'PlacedAllocs'),
        healthyAllocs: num(g, 'HealthyAllocs'),
        unhealthyAllocs: num(g, 'UnhealthyAllocs'),
        progressDeadlineMs: num(g, 'ProgressDeadline') / 1e6,
        requireProgressBy: time(g, 'RequireProgressBy')
    };
}
/** GET /v1/job/:id/deployment: null (no deployment yet) → undefined. */
function parseLatestDeployment(value) {
    return value === null ? undefined : parseDeployment(value);
}
/** An array of deployments. */
function parseDeployments(value) {
    if (!Array.isArray(value))
        return [parseDeployment(value)];
    return value.map(parseDeployment);
}
/** An array of allocation stubs (/v1/deployment/allocations/:id, /v1/job/:id/allocations). */
function parseAllocations(value) {
    if (value === null)
        return [];
    if (!Array.isArray(value))
        return [parseAllocation(value)];
    return value.map(parseAllocation);
}
function parseAllocation(value) {
    const o = record(value, 'an allocation');
    const status = parse_fields_isRecord(o['DeploymentStatus']) ? o['DeploymentStatus'] : {};
    const states = parse_fields_isRecord(o['TaskStates']) ? Object.entries(o['TaskStates']) : [];
    return {
        id: str(o, 'ID', 'allocation'),
        name: optStr(o, 'Name'),
        nodeName: optStr(o, 'NodeName'),
        taskGroup: optStr(o, 'TaskGroup'),
        jobVersion: num(o, 'JobVersion'),
        desiredStatus: optStr(o, 'DesiredStatus'),
        clientStatus: optStr(o, 'ClientStatus'),
        clientDescription: optStr(o, 'ClientDescription'),
        healthy: optBool(status, 'Healthy'),
        canary: bool(status, 'Canary'),
        tasks: states
            .filter((e) => parse_fields_isRecord(e[1]))
            .map(([name, t]) => parseTaskState(name, t))
    };
}
function parseTaskState(name, t) {
    return {
        name,
        state: optStr(t, 'State'),
        failed: bool(t, 'Failed'),
        restarts: num(t, 'Restarts'),
        events: parse_fields_records(t, 'Events').map(parseTaskEvent)
    };
}
function parseTaskEvent(e) {
    const details = parse_fields_isRecord(e['Details']) ? e['Details'] : {};
    const message = optStr(e, 'DisplayMessage') ||
        optStr(e, 'Message') ||
        optStr(e, 'DriverError') ||
        optStr(e, 'SetupError') ||
        optStr(e, 'KillReason') ||
        optStr(details, 'exit_code');
    const ns = num(e, 'Time');
    return { type: optStr(e, 'Type'), time: ns > 0 ? Math.round(ns / 1e6) : undefined, message };
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/parse-listing.ts



/** Boundary parsers for the job list, the job's versions and its stored submission. */
/** `GET /v1/jobs`: a list of JobListStub. */
function parseJobList(value) {
    if (!Array.isArray(value))
        throw new NomadProtocolError('GET /v1/jobs did not answer with a list');
    return value.filter(parse_fields_isRecord).map(o => {
        const parentId = optStr(o, 'ParentID');
        return { id: optStr(o, 'ID'), status: optStr(o, 'Status'), ...(parentId ? { parentId } : {}) };
    });
}
/** `GET /v1/job/:id/versions`: `{Versions: [Job…]}`, newest first. */
function parseJobVersions(value) {
    return parse_fields_records(record(value, 'a job versions response'), 'Versions').map(parseJobInfo);
}
/** `GET /v1/job/:id/submission?version=`: a structs.JobSubmission. */
function parseSubmission(value) {
    const o = record(value, 'a job submission');
    const flags = parse_fields_isRecord(o['VariableFlags']) ? o['VariableFlags'] : {};
    return {
        source: optStr(o, 'Source'),
        format: optStr(o, 'Format'),
        variableFlags: Object.fromEntries(Object.entries(flags).filter((e) => typeof e[1] === 'string')),
        variables: optStr(o, 'Variables'),
        version: num(o, 'Version'),
        jobModifyIndex: num(o, 'JobModifyIndex')
    };
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/client.ts






/** Server-side cap of a blocking query (MaxBlockingRPCQueryTime). */
const MAX_BLOCKING_WAIT_MS = 300_000;
/** Builds the typed client over a transport. */
function createNomadClient(options) {
    const { transport, clock, signal } = options;
    /** Whether this address has ever answered (then a refused connection is worth a retry). */
    let answered = false;
    const context = {
        clock,
        policy: options.retry ?? DEFAULT_RETRY,
        signal,
        onRetry: options.onRetry,
        isFinal: (error) => isFinalNetworkError(error, answered)
    };
    const timeoutMs = options.requestTimeoutMs ?? 30_000;
    const counter = options.counter ?? { n: 0 };
    async function send(method, path, options = {}) {
        const query = { ...options.params };
        let timeout = timeoutMs;
        if (options.query && options.query.index > 0) {
            const wait = Math.max(1, Math.min(MAX_BLOCKING_WAIT_MS, Math.ceil(options.query.waitMs)));
            query['index'] = String(options.query.index);
            query['wait'] = `${wait}ms`;
            timeout = wait + wait / 16 + timeoutMs;
        }
        counter.n++;
        let response;
        try {
            response = await transport.request({
                method,
                path,
                query,
                body: options.body,
                timeoutMs: timeout,
                signal
            });
        }
        catch (error) {
            // An HTTP error status is an answer too; only a network fault is not.
            if (!(error instanceof NomadNetworkError))
                answered = true;
            throw error;
        }
        answered = true;
        if (response.index === undefined && options.requireIndex !== false) {
            throw new NomadProtocolError(`${method} ${path}: Nomad's answer has no X-Nomad-Index header`);
        }
        return { ...response, index: response.index ?? 0 };
    }
    const retried = (what, fn) => withRetry(what, context, fn);
    const enc = encodeURIComponent;
    const client = {
        parseJob: (hcl, variables) => retried('parse job', async () => {
            const r = await send('POST', '/v1/jobs/parse', {
                body: { JobHCL: hcl, Canonicalize: true, Variables: variables },
                requireIndex: false
            });
            return parseParsedJob(r.json);
        }),
        planJob: job => retried('plan job', async () => {
            const r = await send('POST', `/v1/job/${enc(job.id)}/plan`, {
                body: { Job: job.raw, Diff: true, PolicyOverride: false }
            });
            return parsePlan(r.json);
        }),
        registerJob: (job, jobModifyIndex, submission) => registerOnce(job, jobModifyIndex, {
            context,
            post: async () => (await send('POST', '/v1/jobs', {
                body: {
                    Job: job.raw,
                    ...(submission ? { Submission: submissionBody(submission) } : {}),
                    EnforceIndex: true,
                    JobModifyIndex: jobModifyIndex,
                    PolicyOverride: false
                }
            })).json,
            readJob: () => client.readJob(job.id)
        }),
        readJob: jobId => retried('read job', async () => orAbsent(async () => parseJobInfo((await send('GET', `/v1/job/${enc(jobId)}`)).json))),
        readJobVersions: jobId => retried('read job versions', async () => (await orAbsent(async () => parseJobVersions((await send('GET', `/v1/job/${enc(jobId)}/versions`)).json))) ?? []),
        listJobs: () => retried('list jobs', async () => parseJobList((await send('GET', '/v1/jobs')).json)),
        readSubmission: async (jobId, version) => {
            const at = version ?? (await client.readJob(jobId))?.version;
            if (at === undefined)
                return undefined;
            return retried('read job submission', async () => orAbsent(async () => parseSubmission((await send('GET', `/v1/job/${enc(jobId)}/submission`, {
                params: { version: String(at) }
            })).json)));
        },
        readEvaluation: (evalId, query) => retried('read evaluation', async () => indexed(await send('GET', `/v1/evaluation/${enc(evalId)}`, { query }), parseEvaluation)),
        readDeployment: (id, query) => retried('read deployment', async () => indexed(await send('GET', `/v1/deployment/${enc(id)}`, { query }), parseDeployment)),
        readJobDeployments: (jobId, query) => retried('read job deployments', async () => indexed(await send('GET', `/v1/job/${enc(jobId)}/deployments`, { query }), v => parseDeployments(v).sort((a, b) => b.createIndex - a.createIndex))),
        readLatestDeployment: (jobId, query) => retried('read latest deployment', async () => indexed(await send('GET', `/v1/job/${enc(jobId)}/deployment`, { query }), parseLatestDeployment)),
        readDeploymentAllocations: id => retried('read deployment allocations', async () => indexed(await send('GET', `/v1/deployment/allocations/${enc(id)}`), parseAllocations)),
        readJobAllocations: (jobId, query) => retried('read job allocations', async () => indexed(await send('GET', `/v1/job/${enc(jobId)}/allocations`, { query }), parseAllocations)),
        promoteDeployment: (id, groups) => withRetry('promote deployment', context, async () => parseDeploymentUpdate((await send('POST', `/v1/deployment/promote/${enc(id)}`, {
            body: { DeploymentID: id, All: true }
        })).json), 
        // The promote may have landed before the fault: if so, do not send it again.
        async () => {
            const d = (await client.readDeployment(id)).value;
            const done = d.groups.filter(g => groups.includes(g.name)).every(g => g.promoted);
            return done ? { settled: { evalId: '', revertedJobVersion: undefined } } : undefined;
        }),
        failDeployment: id => withRetry('fail deployment', context, async () => parseDeploymentUpdate((await send('POST', `/v1/deployment/fail/${enc(id)}`, { body: {} })).json), async () => {
            const d = (await client.readDeployment(id)).value;
            const terminal = ['failed', 'successful', 'cancelled'].includes(d.status);
            return terminal ? { settled: { evalId: '', revertedJobVersion: undefined } } : undefined;
        }),
        get requestCount() {
            return counter.n;
        },
        withSignal: s => createNomadClient({ ...options, signal: s, counter }),
        close: () => transport.close()
    };
    return client;
}
function indexed(response, parse) {
    return { value: parse(response.json), index: response.index };
}
function isNotFound(error) {
    return (typeof error === 'object' && error !== null && error.status === 404);
}
/** The read's value, or undefined for a 404. */
async function orAbsent(read) {
    try {
        return await read();
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}
/** The register's `Submission` (api.JobSubmission), as `nomad job run` sends it. */
function submissionBody(s) {
    return {
        Source: s.source,
        Format: s.format,
        VariableFlags: { ...s.variableFlags },
        Variables: s.variables
    };
}

;// CONCATENATED MODULE: ./actions/shared/nomad/deploy/variables.ts


/** HCL2 variables as the var-file text /v1/jobs/parse takes in `Variables`. Pure. */
function renderVariables(variables) {
    return Object.entries(variables)
        .map(([name, value]) => {
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
            throw new errors/* InputError */.dz(`Variable name '${name}' is not an HCL identifier (letters, digits, _ and -).`);
        }
        return `${name} = ${quote(value)}\n`;
    })
        .join('');
}
/** An HCL quoted string: escapes, and `${`/`%{` doubled so values are never interpolated. */
function quote(value) {
    const escaped = value
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"')
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')
        .replace(/\t/g, '\\t')
        .replace(/\$\{/g, () => '$${')
        .replace(/%\{/g, '%%{');
    return `"${escaped}"`;
}
/**
 * The job's source as `nomad job run -var name=value …` submits it beside the job: the HCL, format
 * `hcl2`, every variable a `-var` flag (`VariableFlags`; ours are all strings) and no var file.
 * The drift check reads it back to plan the job with the variables it was deployed with. Pure.
 */
function submissionOf(jobHcl, variables) {
    return { source: jobHcl, format: 'hcl2', variableFlags: { ...variables }, variables: '' };
}
/**
 * The names of the job file's `variable` blocks, read with the HCL parser (loaded only now: the
 * WebAssembly module costs ~60 MiB and is needed only when a file is parsed).
 */
async function declaredVariables(jobHcl) {
    try {
        const parsed = (await parseHcl('job.nomad.hcl', jobHcl));
        return Object.keys(parsed.variable ?? {});
    }
    catch {
        // Not HCL: Nomad's parse refuses it with its own words. (Stryker's emptied-block mutant of this
        // catch survives: an empty catch returns undefined all the same.)
        return undefined;
    }
}
/**
 * Pure: refuses variables the job does not declare. `/v1/jobs/parse` calls jobspec2 without
 * `Strict`, so an undeclared name is only a warning the HTTP answer drops, and the job deploys the
 * variable's default (jobspec2/types.variables.go `undefSev`; command/agent/job_endpoint.go
 * `JobsParseRequest`, v2.0.5): a mistyped `-var imgae=…` would ship the default image.
 */
function checkDeclared(declared, variables) {
    if (declared === undefined)
        return;
    const unknown = Object.keys(variables).filter(name => !declared.includes(name));
    if (unknown.length === 0)
        return;
    const names = unknown.map(n => `'${n}'`).join(', ');
    throw new InputError(`The job does not declare ${unknown.length === 1 ? 'variable' : 'variables'} ${names}; Nomad would drop ${unknown.length === 1 ? 'it' : 'them'} silently and deploy the default. The job declares: ${declared.length > 0 ? declared.map(n => `'${n}'`).join(', ') : 'no variables'}.`);
}

;// CONCATENATED MODULE: ./actions/shared/drift/nomad-live.ts

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/**
 * A stored submission → var-file text with the variables the job was registered with: the
 * submitted var file, with `-var` flags (`VariableFlags`) taking precedence over its lines. Flags
 * are rendered exactly as the deploy renders them for `/v1/jobs/parse`, so an unchanged job
 * parses to the same job. undefined when there are none (the job file's defaults apply). Pure.
 */
function submissionVariables(submission) {
    const flags = submission.variableFlags;
    const names = Object.keys(flags).filter(n => IDENTIFIER.test(n));
    const overridden = new RegExp(`^\\s*(${names.join('|') || '(?!)'})\\s*=`);
    const fileLines = submission.variables.split('\n').filter(line => !overridden.test(line));
    const flagText = renderVariables(Object.fromEntries(names.map(n => [n, flags[n] ?? ''])));
    const result = `${fileLines.join('\n').trim()}\n${flagText}`.trim();
    return result === '' ? undefined : `${result}\n`;
}

;// CONCATENATED MODULE: ./actions/shared/drift/nomad-drift-api.ts





const nomad_drift_api_isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `GET /v1/job/:id/versions` → each version with the whole job (structs.JobVersionsResponse). */
function readVersions(value) {
    const versions = nomad_drift_api_isRecord(value) && Array.isArray(value['Versions']) ? value['Versions'] : [];
    return versions
        .filter(nomad_drift_api_isRecord)
        .filter(v => typeof v['Version'] === 'number')
        .map(v => ({ version: v['Version'], raw: v }));
}
/**
 * The drift check's view of Nomad, reads only (list-jobs, read-job, parse-job): the job list, every
 * kept version of a job, the variables a version was registered with (its stored submission), the
 * job's deployments, and parse. Never plan or register.
 */
function createNomadDriftApi(options) {
    const { transport, clock } = options;
    const retry = options.retry ?? DEFAULT_RETRY;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const client = createNomadClient({ transport, clock, retry, requestTimeoutMs: timeoutMs });
    return {
        listJobs: () => client.listJobs(),
        jobVersions: jobId => withRetry('read job versions', { clock, policy: retry }, async () => {
            try {
                const response = await transport.request({
                    method: 'GET',
                    path: `/v1/job/${encodeURIComponent(jobId)}/versions`,
                    timeoutMs
                });
                return readVersions(response.json);
            }
            catch (error) {
                if (error instanceof NomadApiError && error.status === 404)
                    return [];
                throw error;
            }
        }),
        // No submission kept for that version (registered without one, by a revert, or pruned):
        // undefined, and the caller looks at an older version.
        submittedVariables: async (jobId, version) => {
            const submission = await client.readSubmission(jobId, version);
            return submission ? (submissionVariables(submission) ?? '') : undefined;
        },
        jobDeployments: async (jobId) => (await client.readJobDeployments(jobId)).value,
        parseJob: (hcl, variables) => client.parseJob(hcl, variables)
    };
}
/** Connects over HTTP(S) to `config` (NOMAD_* conventions), counting every request sent. */
function connectNomadForDrift(config, clock, retry) {
    const http = createHttpTransport(config);
    let count = 0;
    const transport = {
        request: request => {
            count++;
            return http.request(request);
        },
        close: () => http.close()
    };
    const api = createNomadDriftApi({ transport, clock, ...(retry ? { retry } : {}) });
    return { api, requestCount: () => count, close: () => transport.close() };
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/config.ts

const DEFAULT_NOMAD_ADDR = 'http://127.0.0.1:4646';
const blank = (v) => v === undefined || v.trim() === '' ? undefined : v.trim();
/**
 * Inside GitHub Actions (GITHUB_ACTIONS=true, set by the runner) there is no default address: a
 * missing NOMAD_ADDR secret would otherwise aim a production deploy at 127.0.0.1, the runner itself.
 */
const NO_ADDRESS = '';
/** Reads NOMAD_ADDR/TOKEN/NAMESPACE/REGION/CACERT/CLIENT_CERT/CLIENT_KEY/TLS_SERVER_NAME/SKIP_VERIFY. */
function nomadConfigFromEnv(env) {
    const fallback = env['GITHUB_ACTIONS'] === 'true' ? NO_ADDRESS : DEFAULT_NOMAD_ADDR;
    return withOverrides({
        address: blank(env['NOMAD_ADDR']) ?? fallback,
        token: blank(env['NOMAD_TOKEN']),
        namespace: blank(env['NOMAD_NAMESPACE']),
        region: blank(env['NOMAD_REGION']),
        tls: {
            caCert: blank(env['NOMAD_CACERT']),
            clientCert: blank(env['NOMAD_CLIENT_CERT']),
            clientKey: blank(env['NOMAD_CLIENT_KEY']),
            serverName: blank(env['NOMAD_TLS_SERVER_NAME']),
            skipVerify: parseSkipVerify(env['NOMAD_SKIP_VERIFY'])
        }
    }, {}, true);
}
/** Go's strconv.ParseBool, as the Nomad CLI reads NOMAD_SKIP_VERIFY. */
function parseSkipVerify(value) {
    const v = blank(value);
    if (v === undefined)
        return false;
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v))
        return true;
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v))
        return false;
    throw new errors/* InputError */.dz(`NOMAD_SKIP_VERIFY is '${v}': expected true or false.`);
}
/**
 * Applies explicit settings over a base config and checks the address and the cert/key pair
 * (`partial`: only the environment has been read so far, so no address yet is not an error).
 */
function withOverrides(base, o, partial = false) {
    const config = {
        address: (blank(o.address) ?? base.address).replace(/\/+$/, ''),
        token: blank(o.token) ?? base.token,
        namespace: blank(o.namespace) ?? base.namespace,
        region: blank(o.region) ?? base.region,
        tls: {
            caCert: blank(o.caCert) ?? base.tls.caCert,
            clientCert: blank(o.clientCert) ?? base.tls.clientCert,
            clientKey: blank(o.clientKey) ?? base.tls.clientKey,
            serverName: blank(o.serverName) ?? base.tls.serverName,
            skipVerify: o.skipVerify ?? base.tls.skipVerify
        }
    };
    if (config.address === NO_ADDRESS) {
        if (partial)
            return config;
        throw new errors/* InputError */.dz('No Nomad address: the nomad-addr input and NOMAD_ADDR are both empty. In GitHub Actions there ' +
            `is no default (${DEFAULT_NOMAD_ADDR} would be the runner itself): is the NOMAD_ADDR secret ` +
            "set in this job's environment?");
    }
    if (!/^https?:\/\/[^/\s]+/.test(config.address)) {
        throw new errors/* InputError */.dz(`Nomad address '${config.address}' is not an http:// or https:// URL (e.g. ${DEFAULT_NOMAD_ADDR}).`);
    }
    if ((config.tls.clientCert === undefined) !== (config.tls.clientKey === undefined)) {
        throw new errors/* InputError */.dz('A Nomad client certificate and client key must be given together.');
    }
    return config;
}

;// CONCATENATED MODULE: ./actions/shared/nomad/client/ca-file.ts


/**
 * A CA given as PEM text goes to a 0600 file in a private folder (under RUNNER_TEMP), as
 * nomad-deploy does (drift-check and nomad-diff); a path is used as it is. Returns the path and how to remove the folder.
 */
function caFile(value, parent) {
    const files = tlsFiles({ caCert: value }, parent);
    return { path: files.caCert, remove: files.remove };
}
/**
 * Each value given as PEM text is written to a 0600 file in one private (0700) folder; a path is
 * used as it is. `remove` deletes the folder (and so every written key), whatever happened.
 */
function tlsFiles(material, parent) {
    let dir;
    const place = (value, name) => {
        if (value === undefined || !value.includes('-----BEGIN'))
            return value;
        dir ??= (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, 'nomad-tls-'));
        const path = (0,external_node_path_.join)(dir, name);
        (0,external_node_fs_.writeFileSync)(path, value.endsWith('\n') ? value : `${value}\n`, { mode: 0o600 });
        return path;
    };
    const remove = () => {
        if (dir !== undefined)
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    };
    try {
        const caCert = place(material.caCert, 'ca.pem');
        const clientCert = place(material.clientCert, 'cert.pem');
        const clientKey = place(material.clientKey, 'key.pem');
        return {
            ...(caCert === undefined ? {} : { caCert }),
            ...(clientCert === undefined ? {} : { clientCert }),
            ...(clientKey === undefined ? {} : { clientKey }),
            remove
        };
    }
    catch (error) {
        remove();
        throw error;
    }
}

;// CONCATENATED MODULE: ./actions/drift-check/src/probes.ts






/** Builds the real probes from the inputs; Nomad settings missing from the inputs come from NOMAD_*. */
function probesFor(inputs, where) {
    const wanted = inputs.layers.includes('nomad');
    const ca = wanted
        ? tlsFiles({
            caCert: inputs.nomadCaCert,
            clientCert: inputs.nomadClientCert,
            clientKey: inputs.nomadClientKey
        }, where.env['RUNNER_TEMP'] || (0,external_node_os_.tmpdir)())
        : { remove: () => { } };
    let nomad;
    try {
        nomad = wanted
            ? connectNomadForDrift(withOverrides(nomadConfigFromEnv(where.env), {
                address: inputs.nomadAddr,
                token: inputs.nomadToken,
                caCert: ca.caCert,
                clientCert: ca.clientCert,
                clientKey: ca.clientKey,
                serverName: inputs.nomadTlsServerName
            }), where.clock, where.retry)
            : undefined;
    }
    catch (error) {
        ca.remove();
        throw error;
    }
    const probes = buildProbes({
        root: inputs.root,
        runner: where.runner,
        terraform: { dir: inputs.terraformDir },
        nomad: nomad
            ? { api: nomad.api, concurrency: inputs.nomadConcurrency }
            : { missing: 'not requested' },
        ansible: {
            dir: inputs.ansibleDir,
            playbook: inputs.ansiblePlaybook,
            inventory: inputs.ansibleInventory,
            privateKey: inputs.ansibleSshPrivateKey,
            knownHosts: inputs.ansibleKnownHosts,
            user: inputs.ansibleSshUser,
            extraVars: inputs.ansibleExtraVars,
            terraformOutputs: inputs.terraformOutputs,
            secretsParent: where.env['RUNNER_TEMP'] || undefined
        }
    });
    return {
        probes,
        close: () => {
            nomad?.close();
            ca.remove();
        }
    };
}


/***/ })

};
