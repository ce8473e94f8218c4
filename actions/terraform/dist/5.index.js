export const id = 5;
export const ids = [5];
export const modules = {

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


/***/ }),

/***/ 90005:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readBotComment: () => (/* binding */ readBotComment)
/* harmony export */ });
/* harmony import */ var _shared_github_sticky_comments_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(85226);

/**
 * The body of our comment on an issue or PR that starts with `marker`; only a bot's comment counts
 * (see findStickyComment), so a forged plan record is never trusted.
 */
async function readBotComment(octokit, repo, issueNumber, marker, trustedBot) {
    return (await (0,_shared_github_sticky_comments_js__WEBPACK_IMPORTED_MODULE_0__/* .findStickyComment */ .oC)(octokit, repo, issueNumber, marker, trustedBot))?.body;
}


/***/ })

};
