export const id = 724;
export const ids = [724];
export const modules = {

/***/ 8724:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHub: () => (/* binding */ createGitHub)
});

// EXTERNAL MODULE: ./actions/shared/errors.ts
var errors = __webpack_require__(9223);
;// CONCATENATED MODULE: ./actions/shared/github/github-error.ts

/**
 * GitHub refused a request (after retries and rate-limit waits). A user-facing error: its message is
 * GitHub's own (`message` plus each `errors[].message`), the method, the path and the status.
 */
class GitHubApiError extends errors/* UserError */.yo {
    status;
    githubMessage;
    name = 'GitHubApiError';
    constructor(message, status, githubMessage) {
        super(message);
        this.status = status;
        this.githubMessage = githubMessage;
    }
}
function isRecord(value) {
    return typeof value === 'object' && value !== null;
}
/** GitHub's error body → one line: `Validation Failed: Body is too long (maximum is 65536 characters)`. */
function describeGitHubError(data, fallback) {
    if (!isRecord(data) || typeof data['message'] !== 'string')
        return fallback;
    const details = (Array.isArray(data['errors']) ? data['errors'] : [])
        .map((e) => {
        if (typeof e === 'string')
            return e;
        if (!isRecord(e))
            return '';
        if (typeof e['message'] === 'string')
            return e['message'];
        return [e['resource'], e['field'], e['code']].filter(p => typeof p === 'string').join(' ');
    })
        .filter(d => d !== '');
    return details.length > 0 ? `${data['message']}: ${details.join('; ')}` : data['message'];
}
/** Turns an Octokit RequestError (or anything thrown by a request) into a GitHubApiError. */
function toGitHubApiError(error, method, url) {
    if (!isRecord(error) || typeof error['status'] !== 'number')
        return error;
    const status = error['status'];
    const response = error['response'];
    const fallback = error instanceof Error ? error.message : 'unknown error';
    const githubMessage = describeGitHubError(isRecord(response) ? response['data'] : undefined, fallback);
    const request = error['request'];
    const actual = isRecord(request) && typeof request['url'] === 'string' ? request['url'] : url;
    const path = actual.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
    const what = status >= 500 && !isRecord(response) ? 'could not be reached' : `answered ${status}`;
    const result = new GitHubApiError(`GitHub API ${method} ${path} ${what}: ${githubMessage}`, status, githubMessage);
    result.cause = error;
    return result;
}

;// CONCATENATED MODULE: ./actions/shared/github/collaborators.ts


/** The `permissions` flags GitHub returns, highest first (push is write, pull is read). */
const RANKED = [
    ['admin', 'admin'],
    ['maintain', 'maintain'],
    ['push', 'write'],
    ['triage', 'triage'],
    ['pull', 'read']
];
const LEGACY = {
    admin: 'admin',
    maintain: 'maintain',
    write: 'write',
    triage: 'triage',
    read: 'read'
};
/**
 * The highest permission from GitHub's answer: the `user.permissions` object when present (the
 * legacy `permission` field reports maintain as write and triage as read), else `role_name`.
 */
function permissionFrom(data) {
    const flags = data.user?.permissions;
    if (flags)
        return RANKED.find(([flag]) => flags[flag] === true)?.[1] ?? 'none';
    return LEGACY[data.role_name ?? ''] ?? LEGACY[data.permission ?? ''] ?? 'none';
}
/** Collaborator permissions; someone who is not a collaborator (404) has none. */
function createCollaborators(octokit, repo) {
    return {
        async permissionOf(username) {
            try {
                const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
                    ...repo,
                    username
                });
                return permissionFrom(data);
            }
            catch (error) {
                if (error instanceof GitHubApiError && error.status === 404)
                    return 'none';
                if (error instanceof GitHubApiError && error.status === 403) {
                    throw new errors/* UserError */.yo(`Cannot read ${username}'s permission on ${repo.owner}/${repo.repo}: GitHub answered 403 (${error.githubMessage}). The token needs push access to the repository to read collaborator permissions.`);
                }
                throw error;
            }
        }
    };
}

;// CONCATENATED MODULE: ./actions/shared/cut-text.ts
/**
 * The one way a text is shortened anywhere in elm-infra. Lengths are UTF-16 code units (what
 * `String.length` counts, and what GitHub's limits are measured within — see github/limits.ts);
 * a cut never falls between the two halves of a surrogate pair, so an emoji or a CJK extension
 * character is either kept whole or dropped whole, never rendered as U+FFFD.
 */
const isHighSurrogate = (code) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code) => code >= 0xdc00 && code <= 0xdfff;
/**
 * The index at or just before `end` where `text` may be cut (`text.slice(0, index)`) without
 * splitting a surrogate pair; clamped to 0…text.length.
 */
function safeCutIndex(text, end) {
    if (end <= 0)
        return 0;
    if (end >= text.length)
        return text.length;
    return isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))
        ? end - 1
        : end;
}
/**
 * The index at or just after `start` where a tail may begin (`text.slice(index)`) without
 * starting on the low half of a surrogate pair.
 */
function safeTailIndex(text, start) {
    if (start <= 0)
        return 0;
    if (start >= text.length)
        return text.length;
    return isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))
        ? start + 1
        : start;
}
/**
 * `text` unchanged when it fits in `max` code units, else cut to at most `max` with the ellipsis,
 * on a surrogate-pair boundary. `max` smaller than the ellipsis yields a bare cut.
 */
function cutText(text, max, options = {}) {
    const limit = Math.max(0, Math.floor(max));
    if (text.length <= limit)
        return text;
    const ellipsis = options.ellipsis ?? '…';
    if (ellipsis.length >= limit)
        return text.slice(0, safeCutIndex(text, limit));
    const room = limit - ellipsis.length;
    if (options.keep !== 'middle')
        return `${text.slice(0, safeCutIndex(text, room))}${ellipsis}`;
    const headLength = Math.ceil(room / 2);
    const head = text.slice(0, safeCutIndex(text, headLength));
    const tail = text.slice(safeTailIndex(text, text.length - (room - headLength)));
    return `${head}${ellipsis}${tail}`;
}

;// CONCATENATED MODULE: ./actions/shared/github/limits.ts


/**
 * GitHub refuses an issue/PR comment or issue body over 65,536 characters with a 422. Reports
 * disagree on the unit (code points, or 262,144 UTF-8 bytes); 65,536 UTF-16 code units is within
 * both (at most 196,608 bytes), so every length here is plain `String.length`.
 */
const GITHUB_BODY_LIMIT = 65_536;
const LEADING_MARKER = /^<!--[\s\S]*?-->\n?/;
/** The note appended when a body is cut. */
function truncationNote(runUrl) {
    return `\n\n> [!NOTE]\n> Truncated to fit GitHub's comment limit. The full output is in the [workflow run](${runUrl}).\n`;
}
/** Keeps at most `budget` characters of `text`, ending at a line break when one is near enough. */
function cutAtLine(text, budget) {
    if (text.length <= budget)
        return text;
    const hard = safeCutIndex(text, budget);
    // A line break right at the cut counts: the line before it fits whole.
    const newline = text.lastIndexOf('\n', hard);
    // (No line break gives -1, which is never in the second half.)
    return newline >= hard / 2 ? text.slice(0, newline) : text.slice(0, hard);
}
/** Closes a code fence or `<details>` left open by a cut, so the rest of the comment renders. */
function closersFor(kept) {
    let closers = '';
    let open;
    for (const match of kept.matchAll(/^ {0,3}(?:`{3,}|~{3,})/gm)) {
        const fence = match[0].trimStart();
        if (open === undefined)
            open = fence;
        else if (fence[0] === open[0] && fence.length >= open.length)
            open = undefined;
    }
    if (open !== undefined)
        closers += `\n${open}`;
    const opened = (kept.match(/<details[\s>]/g) ?? []).length;
    const closed = (kept.match(/<\/details>/g) ?? []).length;
    for (let i = closed; i < opened; i++)
        closers += '\n\n</details>';
    return closers;
}
/**
 * Fits a comment body to GitHub's limit: unchanged when it fits, otherwise cut at a line boundary,
 * open fences and `<details>` closed, a note with the run link appended, and a leading hidden
 * marker always kept.
 */
function fitCommentBody(body, options) {
    const limit = options.limit ?? GITHUB_BODY_LIMIT;
    if (body.length <= limit)
        return body;
    const note = truncationNote(options.runUrl);
    const marker = LEADING_MARKER.exec(body)?.[0] ?? '';
    const rest = body.slice(marker.length);
    let budget = limit - marker.length - note.length;
    // Each attempt keeps strictly less than the one before, and in every sweep of limits.sweep.test.ts
    // the second one fits: the bounds only rule out a runaway loop, and no input we could build
    // reaches them, so their mutants cannot be told apart.
    // Stryker disable next-line EqualityOperator,ConditionalExpression,LogicalOperator,UpdateOperator: bounds no input reaches (above)
    for (let attempt = 0; attempt < 4 && budget > 0; attempt++) {
        const kept = cutAtLine(rest, budget);
        const fitted = `${marker}${kept}${closersFor(kept)}${note}`;
        if (fitted.length <= limit)
            return fitted;
        // Shrink from what was kept, not from the budget: a cut at a line usually keeps less than the
        // budget, and shrinking the budget by the overflow alone cut at the same line again.
        budget = kept.length - (fitted.length - limit);
    }
    return `${marker}${note}`.slice(0, safeCutIndex(`${marker}${note}`, limit));
}
/** Cuts `text` to `budget` characters at a line boundary and says how many lines were dropped. */
function fitText(text, budget, note = '') {
    if (text.length <= budget)
        return { text, truncated: false, omittedLines: 0 };
    const tail = (omitted) => `\n… ${omitted} more lines not shown.${note}`;
    const total = text.split('\n').length;
    // Room for the longest tail (all lines omitted): the real one is never longer.
    const kept = cutAtLine(text, Math.max(0, budget - tail(total).length));
    const omitted = total - (kept === '' ? 0 : kept.split('\n').length);
    return { text: `${kept}${tail(omitted)}`, truncated: true, omittedLines: omitted };
}
/**
 * Renders `before + <details>summary + code(content)</details> + after`, cutting only `content`
 * so the whole body fits the limit; the cut says where to read the rest.
 */
function fitCollapsible(comment, options) {
    const limit = options.limit ?? GITHUB_BODY_LIMIT;
    const after = comment.after ?? '';
    const render = (content) => `${comment.before}${details(comment.summary, codeBlock(content, comment.lang))}${after}`;
    const full = render(comment.content);
    if (full.length <= limit)
        return { body: full, truncated: false };
    const fence = fenceFor(comment.content);
    const overhead = render('').length + (fence.length - 3) * 2;
    const note = ` Full output: ${options.runUrl}`;
    const fitted = fitText(comment.content, limit - overhead - 1, note);
    const body = render(fitted.text);
    return { body: fitCommentBody(body, options), truncated: true };
}

;// CONCATENATED MODULE: ./actions/shared/github/comments.ts

/** Plain comments, fitted to GitHub's limit. */
function createComments(octokit, repo, options) {
    const fit = (body) => fitCommentBody(body, { runUrl: options.runUrl });
    return {
        async create(issueNumber, body) {
            const { data } = await octokit.rest.issues.createComment({
                ...repo,
                issue_number: issueNumber,
                body: fit(body)
            });
            return { id: data.id, url: data.html_url };
        },
        async update(commentId, body) {
            const { data } = await octokit.rest.issues.updateComment({
                ...repo,
                comment_id: commentId,
                body: fit(body)
            });
            return { id: data.id, url: data.html_url };
        }
    };
}
/** Reactions on issue comments; adding one that exists is a no-op (GitHub answers 200). */
function createReactions(octokit, repo) {
    return {
        async addToComment(commentId, content) {
            await octokit.rest.reactions.createForIssueComment({
                ...repo,
                comment_id: commentId,
                content
            });
        }
    };
}

// EXTERNAL MODULE: ./actions/shared/github/ports.ts
var ports = __webpack_require__(9928);
;// CONCATENATED MODULE: ./actions/shared/github/context.ts


/** Reads GITHUB_REPOSITORY (`owner/repo`) and friends from the runner's environment. */
function githubContext(env) {
    const full = env['GITHUB_REPOSITORY'] ?? '';
    const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(full);
    if (!match?.[1] || !match[2]) {
        throw new errors/* ConfigError */.xL(`GITHUB_REPOSITORY is ${JSON.stringify(full)}: expected 'owner/repo' (it is set by the runner).`);
    }
    return {
        owner: match[1],
        repo: match[2],
        runUrl: (0,ports/* runUrl */.V)(env),
        apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
        serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com'
    };
}

;// CONCATENATED MODULE: ./actions/shared/github/deployments.ts

/**
 * GitHub refuses a deployment (status) description over 140 characters with a 422
 * (docs.github.com/rest/deployments/statuses#create-a-deployment-status: "description: A short
 * description of the status. The maximum description length is 140 characters.").
 */
const DESCRIPTION_LIMIT = 140;
const shorten = (text) => cutText(text, DESCRIPTION_LIMIT);
/**
 * Deployments created for exactly the ref given (`auto_merge: false`) and without waiting on
 * commit statuses (`required_contexts: []`): CI has already gated the ref.
 */
function createDeployments(octokit, repo) {
    return {
        async create(input) {
            const { data, status } = await octokit.rest.repos.createDeployment({
                ...repo,
                ref: input.ref,
                environment: input.environment,
                description: shorten(input.description),
                payload: { ...input.payload },
                auto_merge: false,
                required_contexts: [],
                transient_environment: input.transient ?? false,
                production_environment: input.production ?? input.environment === 'production'
            });
            if (!('id' in data)) {
                throw new Error(`GitHub did not create a deployment (${status}): ${data.message ?? ''}`);
            }
            return { id: data.id };
        },
        async setStatus(deploymentId, input) {
            await octokit.rest.repos.createDeploymentStatus({
                ...repo,
                deployment_id: deploymentId,
                state: input.state,
                ...(input.description === undefined ? {} : { description: shorten(input.description) }),
                ...(input.logUrl === undefined ? {} : { log_url: input.logUrl }),
                ...(input.environmentUrl === undefined ? {} : { environment_url: input.environmentUrl })
            });
        }
    };
}

// EXTERNAL MODULE: ./actions/shared/inputs.ts
var inputs = __webpack_require__(7073);
;// CONCATENATED MODULE: ./actions/shared/github/trusted-bot.ts


/**
 * Whose comments and issues we trust as our own. A workflow's GITHUB_TOKEN acts as
 * `github-actions[bot]` (user id 41898282, type `Bot`): that is the default. A repository that
 * runs the pipeline with a GitHub App or a PAT names that identity's login instead (the
 * `trusted-bot` input / ELM_INFRA_TRUSTED_BOT). Any other author — another App's bot included —
 * is never trusted, even when its comment carries our marker.
 */
const DEFAULT_TRUSTED_BOT = 'github-actions[bot]';
/** True only for an item written by exactly the trusted login. */
function isTrustedAuthor(item, trustedBot = DEFAULT_TRUSTED_BOT) {
    return item.user?.login === trustedBot;
}
/** The action input that names the trusted login (GitHub passes it as INPUT_TRUSTED-BOT). */
const TRUSTED_BOT_INPUT = 'trusted-bot';
/** The same setting for `elm-infra` on a laptop or outside an action. */
const TRUSTED_BOT_ENV = 'ELM_INFRA_TRUSTED_BOT';
// A GitHub login: letters, digits and single hyphens, not at either end, at most 39 characters
// (github.com/join's rule); an App's bot login adds `[bot]`.
const LOGIN = /^(?=.{1,39}(?:\[bot\])?$)[A-Za-z0-9](?:-?[A-Za-z0-9])*(?:\[bot\])?$/;
function checkLogin(value, source) {
    if (LOGIN.test(value))
        return value;
    throw new errors/* InputError */.dz(`${source} is ${JSON.stringify(value)}, which is not a GitHub login. Accepted: a user login (letters, digits, single hyphens) or an App's bot login such as github-actions[bot] or my-app[bot].`);
}
/** The `trusted-bot` action input (empty: the default), checked. */
function readTrustedBot(read) {
    const value = optional(read, TRUSTED_BOT_INPUT) ?? DEFAULT_TRUSTED_BOT;
    return checkLogin(value, `Input '${TRUSTED_BOT_INPUT}'`);
}
/**
 * The trusted login from the action input, else ELM_INFRA_TRUSTED_BOT, else the default. An empty
 * value means "unset"; anything that is not a GitHub login is refused with what is accepted.
 */
function trustedBotFrom(env) {
    const input = env[`INPUT_${TRUSTED_BOT_INPUT.toUpperCase()}`]?.trim() ?? '';
    if (input !== '')
        return checkLogin(input, `Input '${TRUSTED_BOT_INPUT}'`);
    const fromEnv = env[TRUSTED_BOT_ENV]?.trim() ?? '';
    return fromEnv === '' ? DEFAULT_TRUSTED_BOT : checkLogin(fromEnv, TRUSTED_BOT_ENV);
}

;// CONCATENATED MODULE: ./actions/shared/github/issues.ts


function toIssueRef(issue) {
    return {
        number: issue.number,
        url: issue.html_url,
        state: issue.state === 'closed' ? 'closed' : 'open',
        body: issue.body ?? '',
        labels: (issue.labels ?? []).flatMap(l => typeof l === 'string' ? [l] : l.name ? [l.name] : [])
    };
}
/**
 * Issues found by label and hidden marker (open first, then the newest closed one), opened by the
 * trusted bot only: anyone who may open issues can add our label and marker to one of theirs.
 */
function createIssues(octokit, repo, options) {
    const trustedBot = options.trustedBot ?? DEFAULT_TRUSTED_BOT;
    const fit = (body) => fitCommentBody(body, { runUrl: options.runUrl });
    return {
        async findByMarker(label, marker) {
            const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
                ...repo,
                labels: label,
                state: 'all',
                sort: 'created',
                direction: 'desc',
                per_page: 100
            });
            const ours = all.filter(i => !i.pull_request && isTrustedAuthor(i, trustedBot) && (i.body ?? '').includes(marker));
            const found = ours.find(i => i.state === 'open') ?? ours[0];
            return found ? toIssueRef(found) : undefined;
        },
        async findOurs(marker) {
            // `creator` narrows the listing on GitHub (REST "List repository issues"); the author is
            // checked again here, so a listing that ignores it cannot hand us someone else's issue.
            const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
                ...repo,
                creator: trustedBot,
                state: 'all',
                sort: 'created',
                direction: 'desc',
                per_page: 100
            });
            const ours = all.filter(i => !i.pull_request && isTrustedAuthor(i, trustedBot) && (i.body ?? '').includes(marker));
            const found = ours.find(i => i.state === 'open') ?? ours[0];
            return found ? toIssueRef(found) : undefined;
        },
        async create(input) {
            const { data } = await octokit.rest.issues.create({
                ...repo,
                title: input.title,
                body: fit(input.body),
                labels: [...input.labels]
            });
            return toIssueRef(data);
        },
        async update(issueNumber, input) {
            const { data } = await octokit.rest.issues.update({
                ...repo,
                issue_number: issueNumber,
                ...(input.body === undefined ? {} : { body: fit(input.body) }),
                ...(input.state === undefined ? {} : { state: input.state }),
                ...(input.labels === undefined ? {} : { labels: [...input.labels] })
            });
            return toIssueRef(data);
        },
        async comment(issueNumber, body) {
            const { data } = await octokit.rest.issues.createComment({
                ...repo,
                issue_number: issueNumber,
                body: fit(body)
            });
            return { id: data.id, url: data.html_url };
        }
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(1758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
;// CONCATENATED MODULE: ./actions/shared/github/timing-env.ts

/** The variable that lets a test run a bundled action against the double with short waits. */
const TIMING_ENV = 'ELM_INFRA_GITHUB_TIMING';
const KEYS = [
    'retries',
    'retryBaseMs',
    'rateLimitRetries',
    'maxRateLimitWaitSeconds',
    'rateLimitUnitMs',
    'writeSpacingMs'
];
/** Reads ELM_INFRA_GITHUB_TIMING (JSON of GitHubTiming); unset means GitHub's own pacing. */
function timingFromEnv(env) {
    const text = env[TIMING_ENV];
    if (text === undefined || text.trim() === '')
        return {};
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        parsed = undefined;
    }
    const fail = () => {
        throw new errors/* ConfigError */.xL(`${TIMING_ENV} is ${JSON.stringify(text)}: expected a JSON object of non-negative numbers with keys ${KEYS.join(', ')}.`);
    };
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return fail();
    const timing = {};
    for (const [key, value] of Object.entries(parsed)) {
        if (!KEYS.includes(key))
            return fail();
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
            return fail();
        timing[key] = value;
    }
    return timing;
}

;// CONCATENATED MODULE: ./actions/shared/github/octokit.ts





const silent = {
    info: () => undefined,
    warning: () => undefined,
    error: () => undefined,
    debug: () => undefined,
    group: (_name, fn) => fn()
};
/** A stand-in for a Bottleneck group that only spaces jobs `minTimeMs` apart. */
function spacedGroup(minTimeMs) {
    let next = 0;
    const schedule = async (_options, job, ...args) => {
        const now = Date.now();
        const wait = Math.max(0, next - now);
        next = Math.max(now, next) + minTimeMs;
        if (wait > 0)
            await new Promise(resolve => setTimeout(resolve, wait));
        return job(...args);
    };
    // Duck-typed: the throttling plugin only calls key(id).schedule(options, job, ...args).
    return { key: () => ({ schedule }) };
}
/** Builds the Octokit every adapter uses; 5xx retried, rate limits waited out, 4xx fail clearly. */
function createOctokit(options) {
    const env = options.env ?? process.env;
    const log = options.log ?? silent;
    const timing = options.timing ?? timingFromEnv(env);
    if (options.token === '')
        throw new Error('createOctokit: the GitHub token is empty.');
    options.masker?.mask(options.token);
    const maxRetries = timing.rateLimitRetries ?? 3;
    const maxWait = timing.maxRateLimitWaitSeconds ?? 3600;
    const onLimit = (kind) => (after, request, _o, count) => {
        const what = `GitHub ${kind} rate limit on ${request.method} ${request.url}`;
        if (count >= maxRetries || after > maxWait) {
            log.error(`${what}: giving up after ${count} waits (next wait ${after} s).`);
            return false;
        }
        log.warning(`${what}: waiting ${after} s before retry ${count + 1} of ${maxRetries}.`);
        return true;
    };
    const spacing = timing.writeSpacingMs;
    const throttle = {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        retryAfterBaseValue: timing.rateLimitUnitMs ?? 1000,
        ...(spacing === undefined
            ? {}
            : { write: spacedGroup(spacing), notifications: spacedGroup(spacing) })
    };
    const octokit = (0,github/* getOctokit */.Q)(options.token, {
        baseUrl: options.baseUrl ?? env['GITHUB_API_URL'] ?? 'https://api.github.com',
        log: {
            debug: (m) => log.debug(m),
            info: (m) => log.info(m),
            warn: (m) => log.warning(m),
            error: (m) => log.error(m)
        },
        retry: {
            retries: timing.retries ?? 3,
            retryAfterBaseValue: timing.retryBaseMs ?? 1000,
            // 403 and 429 are the throttling plugin's; the rest are answers, not accidents.
            doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451]
        },
        throttle
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
    octokit.hook.wrap('request', async (request, endpoint) => {
        try {
            return await request(endpoint);
        }
        catch (error) {
            throw toGitHubApiError(error, endpoint.method, endpoint.url);
        }
    });
    return octokit;
}

;// CONCATENATED MODULE: ./actions/shared/github/pull-requests.ts
/** The merged PR for a commit: the one whose merge commit it is, else any merged one containing it. */
function createPullRequests(octokit, repo) {
    return {
        async findMergedFor(sha) {
            const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
                ...repo,
                commit_sha: sha,
                per_page: 100
            });
            const merged = pulls.filter(p => p.merged_at !== null);
            return (merged.find(p => p.merge_commit_sha === sha) ?? merged[0])?.number;
        }
    };
}

// EXTERNAL MODULE: ./actions/shared/markdown.ts
var markdown = __webpack_require__(6082);
;// CONCATENATED MODULE: ./actions/shared/github/sticky-comments.ts




/** Accepts a full marker (`<!-- elm-infra:x -->`) or just its id (`x`). */
function normaliseMarker(marker) {
    return marker.startsWith('<!--') ? marker : (0,markdown/* hiddenMarker */.z0)(marker);
}
/** Our body always starts with the marker line, whatever the caller passed. */
function stickyBody(marker, body) {
    const rest = body.split(marker).join('').replace(/^\n+/, '');
    return `${marker}\n${rest}`;
}
/**
 * Finds our comment on any page of the issue or PR: its body starts with the marker AND exactly the
 * trusted bot wrote it (trusted-bot.ts: default github-actions[bot], the workflow token's identity).
 * Anyone can post a comment that starts with our marker, another GitHub App included; such a
 * comment is never updated, and never trusted as a record.
 */
async function findStickyComment(octokit, repo, issueNumber, marker, trustedBot = DEFAULT_TRUSTED_BOT) {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100
    });
    for await (const page of pages) {
        const found = page.data.find(c => isTrustedAuthor(c, trustedBot) && (c.body ?? '').startsWith(marker));
        if (found)
            return { id: found.id, body: found.body ?? '', html_url: found.html_url };
    }
    return undefined;
}
/** 404 or 410: the comment was deleted (or never was). */
const isGone = (error) => error instanceof GitHubApiError && (error.status === 404 || error.status === 410);
/**
 * One comment per (issue/PR, marker): created once, then updated in place; never over the limit.
 * The comment found may be gone by the time it is edited (a maintainer deleted it, another run
 * replaced it): GitHub then answers the PATCH with 404 (docs.github.com/rest/issues/comments
 * #update-an-issue-comment lists 404 "Resource not found"), and we list once more and update the
 * comment found then, or create one — never fail, never leave two.
 */
function createStickyComments(octokit, repo, options) {
    const trustedBot = options.trustedBot ?? DEFAULT_TRUSTED_BOT;
    const create = async (issueNumber, body) => {
        const { data } = await octokit.rest.issues.createComment({
            ...repo,
            issue_number: issueNumber,
            body
        });
        return { id: data.id, url: data.html_url, created: true };
    };
    const update = async (id, body) => {
        try {
            const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body });
            return { id: data.id, url: data.html_url, created: false };
        }
        catch (error) {
            if (isGone(error))
                return undefined;
            throw error;
        }
    };
    return {
        async upsert(issueNumber, markerOrId, body) {
            const marker = normaliseMarker(markerOrId);
            const fitted = fitCommentBody(stickyBody(marker, body), { runUrl: options.runUrl });
            const find = () => findStickyComment(octokit, repo, issueNumber, marker, trustedBot);
            const existing = await find();
            if (existing && existing.body === fitted) {
                return { id: existing.id, url: existing.html_url, created: false };
            }
            if (!existing)
                return create(issueNumber, fitted);
            const updated = await update(existing.id, fitted);
            if (updated)
                return updated;
            // Gone between the list and the edit: list once more (another run may have made a new one).
            const again = await find();
            if (again && again.id !== existing.id) {
                if (again.body === fitted)
                    return { id: again.id, url: again.html_url, created: false };
                const second = await update(again.id, fitted);
                if (second)
                    return second;
            }
            return create(issueNumber, fitted);
        },
        async updateIfPresent(issueNumber, markerOrId, body) {
            const marker = normaliseMarker(markerOrId);
            const fitted = fitCommentBody(stickyBody(marker, body), { runUrl: options.runUrl });
            const existing = await findStickyComment(octokit, repo, issueNumber, marker, trustedBot);
            if (!existing)
                return undefined;
            if (existing.body === fitted)
                return { id: existing.id, url: existing.html_url };
            // Deleted since the list: nothing to correct any more.
            const updated = await update(existing.id, fitted);
            return updated ? { id: updated.id, url: updated.url } : undefined;
        }
    };
}

;// CONCATENATED MODULE: ./actions/shared/github/create-github.ts









/** Builds all ports for the current repository (GITHUB_REPOSITORY) over a retrying Octokit. */
function createGitHub(deps) {
    const env = deps.env ?? process.env;
    const context = githubContext(env);
    const trustedBot = deps.trustedBot ?? trustedBotFrom(env);
    const octokit = deps.octokit ??
        createOctokit({
            token: deps.token,
            baseUrl: context.apiUrl,
            env,
            ...(deps.log ? { log: deps.log } : {}),
            ...(deps.masker ? { masker: deps.masker } : {}),
            ...(deps.timing ? { timing: deps.timing } : {})
        });
    const repo = { owner: context.owner, repo: context.repo };
    const runUrl = { runUrl: context.runUrl };
    const ours = { ...runUrl, trustedBot };
    return {
        context,
        trustedBot,
        octokit,
        stickyComments: createStickyComments(octokit, repo, ours),
        comments: createComments(octokit, repo, runUrl),
        reactions: createReactions(octokit, repo),
        deployments: createDeployments(octokit, repo),
        issues: createIssues(octokit, repo, ours),
        collaborators: createCollaborators(octokit, repo),
        pullRequests: createPullRequests(octokit, repo)
    };
}


/***/ })

};
