export const id = 685;
export const ids = [685];
export const modules = {

/***/ 43685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   configDigests: () => (/* binding */ configDigests)
/* harmony export */ });
/* harmony import */ var fflate__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51306);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79223);


/**
 * A saved plan is a zip (hashicorp/terraform internal/plans/planfile/writer.go Create): `tfplan`,
 * `tfstate`, `tfstate-prev`, `.terraform.lock.hcl`, and the configuration it was made from as
 * `tfconfig/m-<module key>/<file>` with a manifest `tfconfig/modules.json` (config_snapshot.go
 * WriteConfigSnapshot; the root module's key is ""). These are the files whose content is intent:
 * a change hidden behind an unknown value shows only here.
 */
const CONFIG_PREFIX = 'tfconfig/m-';
const MANIFEST = 'tfconfig/modules.json';
const LOCK_FILE = '.terraform.lock.hcl';
/** Reads the configuration out of a saved plan's bytes; a UserError when it is not a plan file. */
function configDigests(planFile, source, keyed) {
    let files;
    try {
        // Stryker disable next-line ObjectLiteral: the filter only spares unzipping the plan and its states; the loop below reads nothing else
        files = (0,fflate__WEBPACK_IMPORTED_MODULE_0__/* .unzipSync */ .AO)(planFile, {
            // Stryker disable next-line ConditionalExpression,StringLiteral: as above, a wider filter unzips files the loop ignores
            filter: f => f.name.startsWith('tfconfig/') || f.name === LOCK_FILE
        });
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${source}: not a saved Terraform plan (terraform plan -out=FILE writes a zip; ${error instanceof Error ? error.message : String(error)})`);
    }
    if (files[MANIFEST] === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${source}: not a saved Terraform plan (no ${MANIFEST} inside)`);
    const out = {};
    for (const [name, bytes] of Object.entries(files)) {
        if (name === MANIFEST)
            out['(module manifest)'] = keyed(manifestIntent(bytes, source));
        else if (name === LOCK_FILE)
            out[LOCK_FILE] = keyed(bytes);
        else if (name.startsWith(CONFIG_PREFIX))
            out[readableName(name)] = keyed(bytes);
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => byName(a, b)));
}
function byName(a, b) {
    // Stryker disable next-line EqualityOperator: `<=` differs only for equal names, and object keys are unique
    if (a < b)
        return -1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the 1/0 choice only matters for equal names, and object keys are unique (Node's sort was also seen to order the same when a greater name gives 0)
    return a > b ? 1 : 0;
}
/** `tfconfig/m-/main.tf` → `main.tf`; `tfconfig/m-net/vpc.tf` → `module.net/vpc.tf`. */
function readableName(zipName) {
    const rest = zipName.slice(CONFIG_PREFIX.length);
    const slash = rest.lastIndexOf('/');
    const key = rest.slice(0, slash);
    const file = rest.slice(slash + 1);
    return key === '' ? file : `module.${key.split('.').join('.module.')}/${file}`;
}
/**
 * The manifest without `Dir`: where modules were installed on disk differs between working
 * directories, which module (Key), from where (Source) and which version do not.
 */
function manifestIntent(bytes, source) {
    let records;
    try {
        records = JSON.parse((0,fflate__WEBPACK_IMPORTED_MODULE_0__/* .strFromU8 */ .he)(bytes));
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${source}: its ${MANIFEST} is not JSON`);
    }
    if (!Array.isArray(records))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${source}: its ${MANIFEST} is not a list`);
    const modules = records.map(r => {
        const o = (r ?? {});
        return [o['Key'] ?? '', o['Source'] ?? '', o['Version'] ?? ''];
    });
    // Stryker disable next-line EqualityOperator: any fixed order makes the digest order-free, so `>=` (the reverse order) is as good; `<=` differs only for two equal module keys, which a manifest never has (one record per module call path)
    modules.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    return JSON.stringify(modules);
}


/***/ })

};
