import { describe, expect, it } from 'vitest';
import { regularContainerNames } from '../../src/k8s/autoscalers.js';
import { vpaContainerPolicies, vpaControl, vpaPolicyOf, vpaUpdateMode } from '../../src/k8s/vpa.js';
import { describeControl } from '../../src/rules/shared/autoscaling-text.js';
import { deployment, vpa } from './fixtures.js';

describe('vpaUpdateMode', () => {
  it('defaults an absent updatePolicy or updateMode to Recreate, which acts on running pods', () => {
    expect(vpaUpdateMode(vpa({}))).toMatchObject({ mode: 'Recreate', explicit: false, acting: true });
    expect(vpaUpdateMode(vpa({ updatePolicy: {} }))).toMatchObject({ mode: 'Recreate', explicit: false, acting: true });
  });

  it.each([
    ['Auto', true],
    ['Recreate', true],
    ['InPlaceOrRecreate', true],
    ['InPlace', true],
    ['Initial', false],
    ['Off', false],
    ['Sometimes', false],
  ])('updateMode %s acts on running pods: %s', (mode, acting) => {
    expect(vpaUpdateMode(vpa({ updatePolicy: { updateMode: mode } }))).toMatchObject({ mode, explicit: true, acting });
  });
});

describe('VPA container policies', () => {
  const withPolicies = vpa({
    resourcePolicy: {
      containerPolicies: [
        { containerName: '*', controlledResources: ['memory'] },
        { containerName: 'app' },
        { containerName: 'proxy', mode: 'Off', controlledResources: ['cpu', 'memory'] },
        { containerName: 'batch', controlledResources: [] },
      ],
    },
  });

  it('uses the container entry, then the * entry, then the defaults', () => {
    expect([...vpaPolicyOf(withPolicies, 'app').controlled]).toEqual(['cpu', 'memory']);
    expect([...vpaPolicyOf(withPolicies, 'other').controlled]).toEqual(['memory']);
    expect([...vpaPolicyOf(vpa({}), 'other').controlled]).toEqual(['cpu', 'memory']);
    expect(vpaContainerPolicies(withPolicies).map((p) => p.containerName)).toEqual(['*', 'app', 'proxy', 'batch']);
  });

  it('controls nothing in mode Off or with an empty controlledResources list', () => {
    expect(vpaPolicyOf(withPolicies, 'proxy').controlled.size).toBe(0);
    expect(vpaPolicyOf(withPolicies, 'batch').controlled.size).toBe(0);
  });

  it('answers per container when the workload is known, and with "other containers" when it is not', () => {
    const v = vpa({
      resourcePolicy: { containerPolicies: [{ containerName: '*', mode: 'Off' }, { containerName: 'app' }] },
    });
    expect(vpaControl(v, 'cpu', ['app', 'proxy'])).toEqual({ containers: ['app'], otherContainers: false });
    expect(vpaControl(v, 'cpu', ['proxy'])).toEqual({ containers: [], otherContainers: false });
    expect(vpaControl(v, 'cpu', undefined)).toEqual({ containers: ['app'], otherContainers: false });
    expect(vpaControl(vpa({}), 'memory', undefined)).toEqual({ containers: [], otherContainers: true });
    expect(describeControl({ containers: [], otherContainers: true })).toBe('its containers');
    expect(describeControl({ containers: ['app', 'proxy'], otherContainers: false })).toBe('containers app, proxy');
  });

  it('lists only regular containers as managed (native sidecars need a VPA feature gate)', () => {
    const d = deployment(['app'], [{ name: 'mesh', image: 'mesh:1', restartPolicy: 'Always' }]);
    expect(regularContainerNames(d)).toEqual(['app']);
    expect(regularContainerNames(undefined)).toBeUndefined();
  });
});
