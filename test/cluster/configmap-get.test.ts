/** Getting named ConfigMaps: one get per distinct ref, only the named data keys kept, each outcome its own. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClusterClient, connectCluster } from '../../src/cluster/client.js';
import { configMapPath, getConfigMaps } from '../../src/cluster/configmap-get.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';

let server: FakeApiServer;
let client: ClusterClient;

beforeEach(async () => {
  server = await startFakeApiServer();
  server.apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'edge', labels: { team: 'platform' } },
    data: { wanted: 'yes', other: 'not-kept' },
    binaryData: { blob: 'AAAA' },
  });
  client = await connectCluster({ kubeconfig: server.writeKubeconfig({ context: 'prod' }), env: {} });
});

afterEach(() => server.close());

describe('getConfigMaps', () => {
  it('keeps the kind, namespace, name and the named keys that hold text, nothing else', async () => {
    const [got] = await getConfigMaps(client, [{ namespace: 'edge', name: 'settings' }], ['wanted', 'absent']);
    expect(got).toEqual({
      ref: { namespace: 'edge', name: 'settings' },
      status: 'found',
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { namespace: 'edge', name: 'settings' },
        data: { wanted: 'yes' },
      },
    });
  });

  it('asks once per distinct ref, by get, and gives each its outcome: found, not-found, forbidden', async () => {
    const refs = [
      { namespace: 'edge', name: 'settings' },
      { namespace: 'edge', name: 'missing' },
      { namespace: 'edge', name: 'settings' },
    ];
    const gets = await getConfigMaps(client, refs, ['wanted']);
    expect(gets.map((g) => g.status)).toEqual(['found', 'not-found']);
    expect(server.requests.filter((q) => q.resource === 'configmaps').map((q) => [q.verb, q.path])).toEqual([
      ['get', configMapPath({ namespace: 'edge', name: 'settings' })],
      ['get', configMapPath({ namespace: 'edge', name: 'missing' })],
    ]);
    server.fail('configmaps', 403, { verbs: ['get'] });
    const [forbidden] = await getConfigMaps(client, [{ namespace: 'edge', name: 'settings' }], ['wanted']);
    expect(forbidden).toMatchObject({
      status: 'forbidden',
      message: expect.stringMatching(/^HTTP 403 Forbidden: .*cannot get/),
    });
  });

  it('sends no request for a name that is not one (empty, or with a slash): it would address the collection', async () => {
    const gets = await getConfigMaps(
      client,
      [
        { namespace: 'edge', name: '' },
        { namespace: 'edge', name: 'a/b' },
        { namespace: '', name: 'settings' },
      ],
      ['wanted'],
    );
    expect(gets.map((g) => g.status)).toEqual(['failed', 'failed', 'failed']);
    expect(server.requests).toEqual([]);
  });
});
