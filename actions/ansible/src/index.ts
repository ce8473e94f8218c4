import { runAction } from '../../shared/run-action.js'
import { main, realDeps } from './main.js'

await runAction(() => main(realDeps()))
