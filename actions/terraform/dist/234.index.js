export const id = 234;
export const ids = [234];
export const modules = {

/***/ 14234:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHub: () => (/* binding */ createGitHub)
});

// EXTERNAL MODULE: ./actions/shared/errors.ts
var errors = __webpack_require__(79223);
// EXTERNAL MODULE: ./actions/shared/github/github-error.ts
var github_error = __webpack_require__(61746);
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
var limits = __webpack_require__(18674);
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
var ports = __webpack_require__(29928);
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
var cut_text = __webpack_require__(61072);
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
var trusted_bot = __webpack_require__(70303);
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

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(63251);
;// CONCATENATED MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
// pkg/dist-src/index.js


// pkg/dist-src/version.js
var VERSION = "0.0.0-development";

// pkg/dist-src/wrap-request.js
var noop = () => Promise.resolve();
function wrapRequest(state, request, options) {
  return state.retryLimiter.schedule(doRequest, state, request, options);
}
async function doRequest(state, request, options) {
  const { pathname } = new URL(options.url, "http://github.test");
  const isAuth = isAuthRequest(options.method, pathname);
  const isWrite = !isAuth && options.method !== "GET" && options.method !== "HEAD";
  const isSearch = options.method === "GET" && pathname.startsWith("/search/");
  const isGraphQL = pathname.startsWith("/graphql");
  const retryCount = ~~request.retryCount;
  const jobOptions = retryCount > 0 ? { priority: 0, weight: 0 } : {};
  if (state.clustering) {
    jobOptions.expiration = 1e3 * 60;
  }
  if (isWrite || isGraphQL) {
    await state.write.key(state.id).schedule(jobOptions, noop);
  }
  if (isWrite && state.triggersNotification(pathname)) {
    await state.notifications.key(state.id).schedule(jobOptions, noop);
  }
  if (isSearch) {
    await state.search.key(state.id).schedule(jobOptions, noop);
  }
  const req = (isAuth ? state.auth : state.global).key(state.id).schedule(jobOptions, request, options);
  if (isGraphQL) {
    const res = await req;
    if (res.data.errors != null && res.data.errors.some((error) => error.type === "RATE_LIMITED")) {
      const error = Object.assign(new Error("GraphQL Rate Limit Exceeded"), {
        response: res,
        data: res.data
      });
      throw error;
    }
  }
  return req;
}
function isAuthRequest(method, pathname) {
  return method === "PATCH" && // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-a-scoped-access-token
  /^\/applications\/[^/]+\/token\/scoped$/.test(pathname) || method === "POST" && // https://docs.github.com/en/rest/apps/oauth-applications?apiVersion=2022-11-28#reset-a-token
  (/^\/applications\/[^/]+\/token$/.test(pathname) || // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-an-installation-access-token-for-an-app
  /^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) || // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
  pathname === "/login/oauth/access_token");
}

// pkg/dist-src/generated/triggers-notification-paths.js
var triggers_notification_paths_default = [
  "/orgs/{org}/invitations",
  "/orgs/{org}/invitations/{invitation_id}",
  "/orgs/{org}/teams/{team_slug}/discussions",
  "/orgs/{org}/teams/{team_slug}/discussions/{discussion_number}/comments",
  "/repos/{owner}/{repo}/collaborators/{username}",
  "/repos/{owner}/{repo}/commits/{commit_sha}/comments",
  "/repos/{owner}/{repo}/issues",
  "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
  "/repos/{owner}/{repo}/pulls",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
  "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "/repos/{owner}/{repo}/releases",
  "/teams/{team_id}/discussions",
  "/teams/{team_id}/discussions/{discussion_number}/comments"
];

// pkg/dist-src/route-matcher.js
function routeMatcher(paths) {
  const regexes = paths.map(
    (path) => path.split("/").map((c) => c.startsWith("{") ? "(?:.+?)" : c).join("/")
  );
  const regex2 = `^(?:${regexes.map((r) => `(?:${r})`).join("|")})[^/]*$`;
  return new RegExp(regex2, "i");
}

// pkg/dist-src/index.js
var regex = routeMatcher(triggers_notification_paths_default);
var triggersNotification = regex.test.bind(regex);
var groups = {};
var createGroups = function(Bottleneck, common) {
  groups.global = new Bottleneck.Group({
    id: "octokit-global",
    maxConcurrent: 10,
    ...common
  });
  groups.auth = new Bottleneck.Group({
    id: "octokit-auth",
    maxConcurrent: 1,
    ...common
  });
  groups.search = new Bottleneck.Group({
    id: "octokit-search",
    maxConcurrent: 1,
    minTime: 2e3,
    ...common
  });
  groups.write = new Bottleneck.Group({
    id: "octokit-write",
    maxConcurrent: 1,
    minTime: 1e3,
    ...common
  });
  groups.notifications = new Bottleneck.Group({
    id: "octokit-notifications",
    maxConcurrent: 1,
    minTime: 3e3,
    ...common
  });
};
function throttling(octokit, octokitOptions) {
  const {
    enabled = true,
    Bottleneck = light,
    id = "no-id",
    timeout = 1e3 * 60 * 2,
    // Redis TTL: 2 minutes
    connection
  } = octokitOptions.throttle || {};
  if (!enabled) {
    return {};
  }
  const common = { timeout };
  if (typeof connection !== "undefined") {
    common.connection = connection;
  }
  const state = Object.assign(
    {
      clustering: connection != null,
      triggersNotification,
      fallbackSecondaryRateRetryAfter: 60,
      retryAfterBaseValue: 1e3,
      id
    },
    octokitOptions.throttle
  );
  if (typeof state.onSecondaryRateLimit !== "function" || typeof state.onRateLimit !== "function") {
    throw new Error(`octokit/plugin-throttling error:
        You must pass the onSecondaryRateLimit and onRateLimit error handlers.
        See https://octokit.github.io/rest.js/#throttling

        const octokit = new Octokit({
          throttle: {
            onSecondaryRateLimit: (retryAfter, options) => {/* ... */},
            onRateLimit: (retryAfter, options) => {/* ... */}
          }
        })
    `);
  }
  let initialized = false;
  const initializeBottleneck = () => {
    if (initialized) {
      return;
    }
    initialized = true;
    if (groups.global == null) {
      createGroups(Bottleneck, common);
    }
    state.global = state.global ?? groups.global;
    state.auth = state.auth ?? groups.auth;
    state.search = state.search ?? groups.search;
    state.write = state.write ?? groups.write;
    state.notifications = state.notifications ?? groups.notifications;
    state.retryLimiter = state.retryLimiter ?? new Bottleneck();
    const events = {};
    const emitter = new Bottleneck.Events(events);
    events.on("secondary-limit", state.onSecondaryRateLimit);
    events.on("rate-limit", state.onRateLimit);
    events.on(
      "error",
      (e) => octokit.log.warn("Error in throttling-plugin limit handler", e)
    );
    state.retryLimiter.on("failed", async function(error, info) {
      const [state2, request, options] = info.args;
      const { pathname } = new URL(options.url, "http://github.test");
      const shouldRetryGraphQL = pathname.startsWith("/graphql") && error.status !== 401;
      if (!(shouldRetryGraphQL || error.status === 403 || error.status === 429)) {
        return;
      }
      const retryCount = ~~request.retryCount;
      request.retryCount = retryCount;
      options.request.retryCount = retryCount;
      const { wantRetry, retryAfter = 0 } = await (async function() {
        if (/\bsecondary rate\b/i.test(error.message)) {
          const retryAfter2 = Number(error.response.headers["retry-after"]) || state2.fallbackSecondaryRateRetryAfter;
          const wantRetry2 = await emitter.trigger(
            "secondary-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        if (error.response.headers != null && error.response.headers["x-ratelimit-remaining"] === "0" || (error.response.data?.errors ?? []).some(
          (error2) => error2.type === "RATE_LIMITED"
        )) {
          const rateLimitReset = new Date(
            ~~error.response.headers["x-ratelimit-reset"] * 1e3
          ).getTime();
          const retryAfter2 = Math.max(
            // Add one second so we retry _after_ the reset time
            // https://docs.github.com/en/rest/overview/resources-in-the-rest-api?apiVersion=2022-11-28#exceeding-the-rate-limit
            Math.ceil((rateLimitReset - Date.now()) / 1e3) + 1,
            0
          );
          const wantRetry2 = await emitter.trigger(
            "rate-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        return {};
      })();
      if (wantRetry) {
        request.retryCount++;
        return retryAfter * state2.retryAfterBaseValue;
      }
    });
  };
  octokit.hook.wrap("request", (request, options) => {
    initializeBottleneck();
    return wrapRequest(state, request, options);
  });
  return {};
}
throttling.VERSION = VERSION;
throttling.triggersNotification = triggersNotification;


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
    }, dist_bundle/* retry */.L, throttling);
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

// EXTERNAL MODULE: ./actions/shared/github/sticky-comments.ts + 1 modules
var sticky_comments = __webpack_require__(85226);
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


/***/ }),

/***/ 61746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OS: () => (/* binding */ GitHubApiError),
/* harmony export */   Vu: () => (/* binding */ toGitHubApiError)
/* harmony export */ });
/* unused harmony export describeGitHubError */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(79223);

/**
 * GitHub refused a request (after retries and rate-limit waits). A user-facing error: its message is
 * GitHub's own (`message` plus each `errors[].message`), the method, the path and the status.
 */
class GitHubApiError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
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


/***/ }),

/***/ 18674:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nw: () => (/* binding */ fitCommentBody)
/* harmony export */ });
/* unused harmony exports GITHUB_BODY_LIMIT, truncationNote, cutAtLine, fitText, fitCollapsible */
/* harmony import */ var _cut_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61072);


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
    const hard = (0,_cut_text_js__WEBPACK_IMPORTED_MODULE_0__/* .safeCutIndex */ .e8)(text, budget);
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
    return `${marker}${note}`.slice(0, (0,_cut_text_js__WEBPACK_IMPORTED_MODULE_0__/* .safeCutIndex */ .e8)(`${marker}${note}`, limit));
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


/***/ }),

/***/ 85226:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kl: () => (/* binding */ createStickyComments),
  oC: () => (/* binding */ findStickyComment)
});

// UNUSED EXPORTS: isGone, normaliseMarker, stickyBody

;// CONCATENATED MODULE: ./actions/shared/markdown.ts
/**
 * Pure Markdown builders for PR comments, issues and step summaries. Everything GitHub-flavoured
 * that is easy to get subtly wrong (pipes in table cells, backticks inside code, HTML comments)
 * lives here once.
 */
const MARKER_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+=-]*$/;
/** Backslash-escapes Markdown punctuation so `text` renders literally (inline context). */
function escapeMarkdown(text) {
    return text
        .replace(/[\\`*_[\]<>|~]/g, c => `\\${c}`)
        .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
        .replace(/^(\s*)(\d+)([.)])/gm, '$1$2\\$3');
}
/** Escapes text for an HTML context such as `<summary>`. */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** Makes one table cell safe: pipes escaped, line breaks become `<br>`, never an empty cell row. */
function tableCell(value) {
    const text = String(value)
        .replace(/\r\n?/g, '\n')
        .replace(/\\\|/g, '|')
        .replace(/\|/g, '\\|')
        .trim()
        .replace(/\n/g, '<br>');
    return text === '' ? ' ' : text;
}
/** A GitHub table; cells are Markdown (code spans allowed) with pipes and newlines escaped. */
function table(headers, rows) {
    const width = headers.length;
    const line = (cells) => {
        const padded = Array.from({ length: width }, (_, i) => tableCell(cells[i] ?? ''));
        return `| ${padded.join(' | ')} |`;
    };
    return [line(headers), `|${' --- |'.repeat(width)}`, ...rows.map(line)].join('\n');
}
/** A collapsible block; `summary` is plain text, `body` is Markdown. */
function details(summary, body, open = false) {
    const tag = open ? '<details open>' : '<details>';
    return `${tag}<summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}
/** The fence that cannot be closed by anything inside `text`: one backtick more than its longest run. */
function fenceFor(text) {
    const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), m => m[0].length));
    return '`'.repeat(Math.max(3, longest + 1));
}
/** A fenced code block that stays a code block whatever `text` contains. */
function codeBlock(text, lang = '') {
    const fence = fenceFor(text);
    const info = lang.replace(/[`\s]/g, '');
    const body = text.endsWith('\n') ? text : `${text}\n`;
    return `${fence}${info}\n${body}${fence}`;
}
/** An inline code span that survives backticks inside `text`. */
function inlineCode(text) {
    const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), m => m[0].length));
    const ticks = '`'.repeat(longest + 1);
    const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${text}${pad}${ticks}`;
}
/** The hidden line that lets us find our own comment or issue again: `<!-- elm-infra:<id> -->`. */
function hiddenMarker(id) {
    if (!MARKER_ID.test(id) || id.includes('--')) {
        throw new Error(`Marker id ${JSON.stringify(id)} must match ${String(MARKER_ID)} without '--'.`);
    }
    return `<!-- elm-infra:${id} -->`;
}
/** A Markdown link whose text is escaped and whose URL cannot break out of the parentheses. */
function markdown_link(text, url) {
    return `[${escapeMarkdown(text)}](${url.replace(/[()\s]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

// EXTERNAL MODULE: ./actions/shared/github/limits.ts
var limits = __webpack_require__(18674);
// EXTERNAL MODULE: ./actions/shared/github/github-error.ts
var github_error = __webpack_require__(61746);
// EXTERNAL MODULE: ./actions/shared/github/trusted-bot.ts
var trusted_bot = __webpack_require__(70303);
;// CONCATENATED MODULE: ./actions/shared/github/sticky-comments.ts




/** Accepts a full marker (`<!-- elm-infra:x -->`) or just its id (`x`). */
function normaliseMarker(marker) {
    return marker.startsWith('<!--') ? marker : hiddenMarker(marker);
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
async function findStickyComment(octokit, repo, issueNumber, marker, trustedBot = trusted_bot/* DEFAULT_TRUSTED_BOT */.qm) {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100
    });
    for await (const page of pages) {
        const found = page.data.find(c => (0,trusted_bot/* isTrustedAuthor */.Xw)(c, trustedBot) && (c.body ?? '').startsWith(marker));
        if (found)
            return { id: found.id, body: found.body ?? '', html_url: found.html_url };
    }
    return undefined;
}
/** 404 or 410: the comment was deleted (or never was). */
const isGone = (error) => error instanceof github_error/* GitHubApiError */.OS && (error.status === 404 || error.status === 410);
/**
 * One comment per (issue/PR, marker): created once, then updated in place; never over the limit.
 * The comment found may be gone by the time it is edited (a maintainer deleted it, another run
 * replaced it): GitHub then answers the PATCH with 404 (docs.github.com/rest/issues/comments
 * #update-an-issue-comment lists 404 "Resource not found"), and we list once more and update the
 * comment found then, or create one — never fail, never leave two.
 */
function createStickyComments(octokit, repo, options) {
    const trustedBot = options.trustedBot ?? trusted_bot/* DEFAULT_TRUSTED_BOT */.qm;
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
            const fitted = (0,limits/* fitCommentBody */.Nw)(stickyBody(marker, body), { runUrl: options.runUrl });
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
            const fitted = (0,limits/* fitCommentBody */.Nw)(stickyBody(marker, body), { runUrl: options.runUrl });
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


/***/ })

};
