export const id = 59;
export const ids = [59];
export const modules = {

/***/ 59:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   installTerraform: () => (/* binding */ installTerraform)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(79223);
/* harmony import */ var _terraform_version_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(72072);





/**
 * Returns a terraform binary of exactly `version`: the one on PATH when it is that version, else
 * the tool cache's, else downloaded from releases.hashicorp.com, checked against SHA256SUMS and
 * cached. A checksum mismatch is refused.
 */
async function installTerraform(version, deps) {
    const onPath = await deps.runner
        .run('terraform', ['version', '-json'], {
        env: { CHECKPOINT_DISABLE: '1' }
    })
        .catch(() => undefined);
    if (onPath?.exitCode === 0 && (0,_terraform_version_js__WEBPACK_IMPORTED_MODULE_3__/* .reportedVersion */ .S5)(onPath.stdout) === version) {
        deps.log.info(`Terraform ${version} is on PATH; using it.`);
        return 'terraform';
    }
    const cached = deps.cache.find('terraform', version);
    if (cached) {
        deps.log.info(`Terraform ${version} found in the tool cache.`);
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(cached, binaryName(deps.platform));
    }
    const platform = (0,_terraform_version_js__WEBPACK_IMPORTED_MODULE_3__/* .hashicorpPlatform */ .XC)(deps.platform ?? process.platform, deps.arch ?? process.arch);
    const base = `${deps.releasesUrl ?? 'https://releases.hashicorp.com'}/terraform/${version}`;
    const zipName = `terraform_${version}_${platform}.zip`;
    deps.log.info(`Downloading Terraform ${version} (${zipName}) from ${base}`);
    const [zip, sums] = await Promise.all([
        deps.cache.downloadTool(`${base}/${zipName}`),
        deps.cache.downloadTool(`${base}/terraform_${version}_SHA256SUMS`)
    ]);
    const expected = (0,_terraform_version_js__WEBPACK_IMPORTED_MODULE_3__/* .checksumFor */ .xs)(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(sums, 'utf8'), zipName);
    if (expected === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`terraform_${version}_SHA256SUMS has no checksum for ${zipName}.`);
    const actual = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(zip))
        .digest('hex');
    if (actual !== expected)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${zipName}: sha256 ${actual} does not match SHA256SUMS (${expected}); refusing to run it.`);
    const dir = await deps.cache.cacheDir(await deps.cache.extractZip(zip), 'terraform', version);
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, binaryName(deps.platform));
}
function binaryName(platform = process.platform) {
    return platform === 'win32' ? 'terraform.exe' : 'terraform';
}


/***/ })

};
