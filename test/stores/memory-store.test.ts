import { MemoryCursorStore } from '../../src/stores/memory-store.js';
import { cursorStoreContract } from './cursor-store-contract.js';

cursorStoreContract('MemoryCursorStore', async ({ now }) => ({ store: new MemoryCursorStore({ now }) }));
