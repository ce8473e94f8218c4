export const id = 101;
export const ids = [101];
export const modules = {

/***/ 7101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectGitHub: () => (/* binding */ connectGitHub)
});

// EXTERNAL MODULE: ./actions/shared/errors.ts
var errors = __webpack_require__(9223);
// EXTERNAL MODULE: ./actions/shared/github/github-error.ts
var github_error = __webpack_require__(1746);
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
                if (error instanceof github_error/* GitHubApiError */.OS && error.status === 404)
                    return 'none';
                if (error instanceof github_error/* GitHubApiError */.OS && error.status === 403) {
                    throw new errors/* UserError */.yo(`Cannot read ${username}'s permission on ${repo.owner}/${repo.repo}: GitHub answered 403 (${error.githubMessage}). The token needs push access to the repository to read collaborator permissions.`);
                }
                throw error;
            }
        }
    };
}

// EXTERNAL MODULE: ./actions/shared/github/limits.ts
var limits = __webpack_require__(8674);
;// CONCATENATED MODULE: ./actions/shared/github/comments.ts

/** Plain comments, fitted to GitHub's limit. */
function createComments(octokit, repo, options) {
    const fit = (body) => (0,limits/* fitCommentBody */.Nw)(body, { runUrl: options.runUrl });
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

// EXTERNAL MODULE: ./actions/shared/cut-text.ts
var cut_text = __webpack_require__(1072);
;// CONCATENATED MODULE: ./actions/shared/github/deployments.ts

/**
 * GitHub refuses a deployment (status) description over 140 characters with a 422
 * (docs.github.com/rest/deployments/statuses#create-a-deployment-status: "description: A short
 * description of the status. The maximum description length is 140 characters.").
 */
const DESCRIPTION_LIMIT = 140;
const shorten = (text) => (0,cut_text/* cutText */.IN)(text, DESCRIPTION_LIMIT);
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

// EXTERNAL MODULE: ./actions/shared/github/trusted-bot.ts
var trusted_bot = __webpack_require__(303);
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
    const trustedBot = options.trustedBot ?? trusted_bot/* DEFAULT_TRUSTED_BOT */.qm;
    const fit = (body) => (0,limits/* fitCommentBody */.Nw)(body, { runUrl: options.runUrl });
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
            const ours = all.filter(i => !i.pull_request && (0,trusted_bot/* isTrustedAuthor */.Xw)(i, trustedBot) && (i.body ?? '').includes(marker));
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
            const ours = all.filter(i => !i.pull_request && (0,trusted_bot/* isTrustedAuthor */.Xw)(i, trustedBot) && (i.body ?? '').includes(marker));
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
            throw (0,github_error/* toGitHubApiError */.Vu)(error, endpoint.method, endpoint.url);
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

// EXTERNAL MODULE: ./actions/shared/github/sticky-comments.ts
var sticky_comments = __webpack_require__(7920);
;// CONCATENATED MODULE: ./actions/shared/github/create-github.ts









/** Builds all ports for the current repository (GITHUB_REPOSITORY) over a retrying Octokit. */
function createGitHub(deps) {
    const env = deps.env ?? process.env;
    const context = githubContext(env);
    const trustedBot = deps.trustedBot ?? (0,trusted_bot/* trustedBotFrom */.TD)(env);
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
        stickyComments: (0,sticky_comments/* createStickyComments */.kl)(octokit, repo, ours),
        comments: createComments(octokit, repo, runUrl),
        reactions: createReactions(octokit, repo),
        deployments: createDeployments(octokit, repo),
        issues: createIssues(octokit, repo, ours),
        collaborators: createCollaborators(octokit, repo),
        pullRequests: createPullRequests(octokit, repo)
    };
}

;// CONCATENATED MODULE: ./actions/chatops/src/connect-github.ts

/** The GitHub ports chatops uses, over one retrying Octokit for `repo`. */
function connectGitHub(token, repo, options) {
    const github = createGitHub({
        token,
        env: { ...options.env, GITHUB_REPOSITORY: `${repo.owner}/${repo.repo}` },
        ...(options.log ? { log: options.log } : {}),
        ...(options.masker ? { masker: options.masker } : {}),
        ...(options.timing ? { timing: options.timing } : {}),
        ...(options.trustedBot ? { trustedBot: options.trustedBot } : {})
    });
    return {
        comments: github.comments,
        reactions: github.reactions,
        collaborators: github.collaborators,
        latestDeploymentStatus: async (id) => {
            // GitHub lists a deployment's statuses newest first; only the trusted bot's are ours
            // (anyone with write access can add a status to a deployment).
            const { data } = await github.octokit.rest.repos.listDeploymentStatuses({
                ...repo,
                deployment_id: id,
                per_page: 10
            });
            const ours = data.find(s => s.creator?.login === github.trustedBot);
            return ours?.description ?? undefined;
        }
    };
}


/***/ })

};
