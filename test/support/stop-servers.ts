import { CairnServer } from './cairn-server.js';

// A test that fails before its own stop() must not leave a server running (nor Jest waiting on it).
afterAll(async () => {
  await CairnServer.killAll();
});
