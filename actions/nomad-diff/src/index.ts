import '../../shared/adapters/hcl-wasm-shim.js'
import { runAction } from '../../shared/run-action.js'
import { main } from './main.js'
import { realDeps } from './real-deps.js'

await runAction(() => main(realDeps()))
